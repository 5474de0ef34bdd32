// plotly.js with only the trace types CAM Atlas draws: choropleth (maps), scatter and bar
// (trend and data charts). Built by tools/build_plotly_bundle.sh into assets/vendor/.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/scatter'),
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/choropleth'),
]);

module.exports = Plotly;
