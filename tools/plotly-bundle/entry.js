// plotly.js with only the trace types CAM Atlas draws: choropleth and scattergeo (maps: areas,
// markers on small areas, labels), scatter and bar (trend, data and the map's bar charts). Built by tools/build_plotly_bundle.sh into assets/vendor/.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/scatter'),
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo'),
]);

module.exports = Plotly;
