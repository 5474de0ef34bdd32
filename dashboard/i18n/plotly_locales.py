"""Plotly.js locales for the dashboard's languages, passed to every ``dcc.Graph`` config.

``RU`` is ``ru.js`` from the npm package ``plotly.js-locales@3.7.0`` (MIT, Plotly, Inc.), copied
verbatim as a dict. plotly.js ships no Kazakh or Kyrgyz locale, so ``KK`` and ``KY`` are written
here: like Russian they use a decimal comma and a space between thousands, and ``dd.mm.yyyy`` dates.
The English locale is built into plotly.js and needs no entry.
"""

from __future__ import annotations

RU: dict = {
    "name": "ru",
    "dictionary": {
        "Autoscale": "Автоматическое шкалирование",
        "Box Select": "Выделение прямоугольной области",
        "Click to enter Colorscale title": "Нажмите для ввода названия цветовой шкалы",
        "Click to enter Component A title": "Нажмите для ввода названия компонента A",
        "Click to enter Component B title": "Нажмите для ввода названия компонента B",
        "Click to enter Component C title": "Нажмите для ввода названия компонента C",
        "Click to enter Plot title": "Нажмите для ввода названия графика",
        "Click to enter X axis title": "Нажмите для ввода названия оси X",
        "Click to enter Y axis title": "Нажмите для ввода названия оси Y",
        "Click to enter radial axis title": "Нажмите для ввода названия полярной оси",
        "Compare data on hover": "При наведении показывать все данные",
        "Double-click on legend to isolate one trace": "Дважды щёлкните по легенде для "
        "выделения отдельных данных",
        "Double-click to zoom back out": "Для сброса масштаба к значению по умолчанию "
        "дважды щёлкните мышью",
        "Download plot": "Сохранить график",
        "Download plot as a PNG": "Сохранить в формате PNG",
        "Edit in Chart Studio": "Редактировать в Chart Studio",
        "IE only supports svg.  Changing format to svg.": "IE поддерживает только svg. "
        "Формат сменяется на svg.",
        "Lasso Select": "Лассо",
        "Orbital rotation": "Орбитальное движение",
        "Pan": "Сдвиг",
        "Produced with Plotly.js": "Создано с помощью Plotly.js",
        "Reset": "Сбросить к значениям по умолчанию",
        "Reset axes": "Сбросить отображение осей к значениям по умолчанию",
        "Reset camera to default": "Сбросить параметры камеры к значениям по умолчанию",
        "Reset camera to last save": "Сбросить камеру к последнему сохранённому состоянию",
        "Reset view": "Сбросить отображение к значениям по умолчанию",
        "Reset views": "Сбросить отображения к значениям по умолчанию",
        "Show closest data on hover": "При наведении показывать ближайшие данные",
        "Snapshot succeeded": "Снимок успешно создан",
        "Sorry, there was a problem downloading your snapshot!": "К сожалению, возникла "
        "проблема при сохранении "
        "снимка",
        "Taking snapshot - this may take a few seconds": "Делается снимок - это может "
        "занять несколько секунд",
        "Toggle Spike Lines": "Включить/выключить отображение линий проекций точек",
        "Toggle show closest data on hover": "Включить/выключить показ ближайших данных "
        "при наведении",
        "Turntable rotation": "Вращение на поворотном столе",
        "Zoom": "Зум",
        "Zoom in": "Увеличить",
        "Zoom out": "Уменьшить",
        "close:": "Закрытие:",
        "concentration:": "Концентрация:",
        "high:": "Максимум:",
        "incoming flow count:": "Количество входящих связей:",
        "kde:": "Ядерная оценка плотности:",
        "lat:": "Широта:",
        "lon:": "Долгота:",
        "low:": "Минимум:",
        "lower fence:": "Нижняя граница:",
        "max:": "Макс.:",
        "mean ± σ:": "Среднее ± σ:",
        "mean:": "Среднее:",
        "median:": "Медиана:",
        "min:": "Мин.:",
        "new text": "Новый текст",
        "open:": "Открытие:",
        "outgoing flow count:": "Количество исходящих связей:",
        "q1:": "q1:",
        "q3:": "q3:",
        "source:": "Источник:",
        "target:": "Цель:",
        "trace": "Ряд",
        "upper fence:": "Верхняя граница:",
    },
    "format": {
        "days": ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
        "shortDays": ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
        "months": [
            "Январь",
            "Февраль",
            "Март",
            "Апрель",
            "Май",
            "Июнь",
            "Июль",
            "Август",
            "Сентябрь",
            "Октябрь",
            "Ноябрь",
            "Декабрь",
        ],
        "shortMonths": [
            "Янв.",
            "Февр.",
            "Март",
            "Апр.",
            "Май",
            "Июнь",
            "Июль",
            "Авг.",
            "Сент.",
            "Окт.",
            "Ноя",
            "Дек.",
        ],
        "date": "%d.%m.%Y",
        "decimal": ",",
        "thousands": " ",
    },
}

KK: dict = {
    "name": "kk",
    "dictionary": {
        "Autoscale": "Автомасштаб",
        "Box Select": "Тіктөртбұрышпен таңдау",
        "Double-click to zoom back out": "Масштабты қалпына келтіру үшін екі рет басыңыз",
        "Download plot": "Графикті жүктеу",
        "Download plot as a PNG": "Графикті PNG ретінде жүктеу",
        "Lasso Select": "Лассо",
        "Pan": "Жылжыту",
        "Produced with Plotly.js": "Plotly.js арқылы жасалған",
        "Reset": "Қалпына келтіру",
        "Reset view": "Көріністі қалпына келтіру",
        "Reset views": "Көріністерді қалпына келтіру",
        "Zoom": "Масштаб",
        "Zoom in": "Үлкейту",
        "Zoom out": "Кішірейту",
    },
    "format": {
        "days": ["жексенбі", "дүйсенбі", "сейсенбі", "сәрсенбі", "бейсенбі", "жұма", "сенбі"],
        "shortDays": ["Жс", "Дс", "Сс", "Ср", "Бс", "Жм", "Сб"],
        "months": [
            "Қаңтар",
            "Ақпан",
            "Наурыз",
            "Сәуір",
            "Мамыр",
            "Маусым",
            "Шілде",
            "Тамыз",
            "Қыркүйек",
            "Қазан",
            "Қараша",
            "Желтоқсан",
        ],
        "shortMonths": [
            "Қаң.",
            "Ақп.",
            "Нау.",
            "Сәу.",
            "Мам.",
            "Мау.",
            "Шіл.",
            "Там.",
            "Қыр.",
            "Қаз.",
            "Қар.",
            "Жел.",
        ],
        "date": "%d.%m.%Y",
        "decimal": ",",
        "thousands": " ",
    },
}

KY: dict = {
    "name": "ky",
    "dictionary": {
        "Autoscale": "Автомасштаб",
        "Box Select": "Тик бурчтук менен тандоо",
        "Double-click to zoom back out": "Масштабды калыбына келтирүү үчүн эки жолу басыңыз",
        "Download plot": "Графикти жүктөө",
        "Download plot as a PNG": "Графикти PNG катары жүктөө",
        "Lasso Select": "Лассо",
        "Pan": "Жылдыруу",
        "Produced with Plotly.js": "Plotly.js менен түзүлгөн",
        "Reset": "Баштапкы абалга келтирүү",
        "Reset view": "Көрүнүштү баштапкы абалга келтирүү",
        "Reset views": "Көрүнүштөрдү баштапкы абалга келтирүү",
        "Zoom": "Масштаб",
        "Zoom in": "Чоңойтуу",
        "Zoom out": "Кичирейтүү",
    },
    "format": {
        "days": ["жекшемби", "дүйшөмбү", "шейшемби", "шаршемби", "бейшемби", "жума", "ишемби"],
        "shortDays": ["Жк", "Дш", "Шш", "Шр", "Бш", "Жм", "Иш"],
        "months": [
            "Январь",
            "Февраль",
            "Март",
            "Апрель",
            "Май",
            "Июнь",
            "Июль",
            "Август",
            "Сентябрь",
            "Октябрь",
            "Ноябрь",
            "Декабрь",
        ],
        "shortMonths": [
            "Янв.",
            "Фев.",
            "Мар.",
            "Апр.",
            "Май",
            "Июн.",
            "Июл.",
            "Авг.",
            "Сен.",
            "Окт.",
            "Ноя.",
            "Дек.",
        ],
        "date": "%d.%m.%Y",
        "decimal": ",",
        "thousands": " ",
    },
}

LOCALES: dict[str, dict] = {"ru": RU, "kk": KK, "ky": KY}


def graph_locale_config(lang: str) -> dict:
    """The ``dcc.Graph`` config entries for ``lang``: its locale alone (none for English).

    Each graph is built for one language (a language switch renders the page again), and the
    three locales were 17 KB in every graph's config: half the map page's first layout."""
    if lang not in LOCALES:
        return {"locale": "en"}
    return {"locales": {lang: LOCALES[lang]}, "locale": lang}
