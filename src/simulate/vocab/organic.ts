/**
 * Harmless everyday text per language: news, sport, daily life. Templates use `{slot}` placeholders
 * filled from the slot lists. Only Basic Multilingual Plane characters (no emoji), so X's UTF-16
 * entity offsets and Unicode code-point offsets are the same number.
 */
export const LANGS = ['ar', 'en', 'fr', 'ru', 'de', 'nl', 'ckb', 'kmr'] as const;
export type Lang = (typeof LANGS)[number];

export interface LangVocab {
  templates: string[];
  slots: Record<string, string[]>;
  /** Everyday hashtags people add (without '#'). */
  hashtags: string[];
  /** Topics a news event can make trend: [hashtag, a sentence about it]. */
  news: Array<[string, string]>;
  /** Short reply openers. */
  replies: string[];
  names: string[];
  bios: string[];
}

export const ORGANIC: Record<Lang, LangVocab> = {
  ar: {
    templates: [
      'صباح الخير يا {city}، الجو اليوم {weather} والقهوة جاهزة',
      'مباراة رائعة الليلة بين {team} و{team2}، النتيجة {score}',
      'افتتاح مكتبة جديدة في {city} هذا الأسبوع، من سيذهب؟',
      'أسعار {food} ارتفعت في سوق {city} اليوم',
      'أجمل شيء بعد يوم طويل كوب شاي مع العائلة',
      'الطريق إلى {city} مزدحم جداً اليوم، انتبهوا',
      'مبروك لفريق {team} على الفوز، أداء ممتاز',
      'وصفة {food} على طريقة جدتي، سأنشرها قريباً',
      'امتحانات الجامعة تبدأ يوم {day}، بالتوفيق للجميع',
      'مهرجان الكتاب في {city} يستمر حتى يوم {day}',
      'انقطاع الكهرباء في بعض أحياء {city} منذ الصباح',
      'أفضل مطعم {food} في {city}؟ أريد ترشيحاتكم',
      'درجة الحرارة اليوم {n} درجة في {city}',
      'تم افتتاح حديقة عامة جديدة في {city} للعائلات',
    ],
    slots: {
      city: ['القاهرة', 'بغداد', 'عمّان', 'تونس', 'الرباط', 'بيروت', 'الرياض', 'الدوحة', 'الموصل', 'حلب'],
      team: ['الأهلي', 'الزمالك', 'الهلال', 'النصر', 'الوداد', 'الرجاء', 'الترجي', 'الزوراء'],
      team2: ['الفيصلي', 'الوحدات', 'الشرطة', 'الاتحاد', 'الصفاقسي', 'العربي'],
      weather: ['مشمس', 'ممطر', 'بارد', 'حار جداً', 'غائم', 'معتدل'],
      food: ['الفلافل', 'المنسف', 'الكبسة', 'الكسكس', 'الكنافة', 'الشاورما', 'الخبز'],
      day: ['الأحد', 'الإثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'السبت'],
      score: ['2-1', '0-0', '3-2', '1-1', '4-0'],
      n: ['18', '24', '31', '38', '42', '12'],
    },
    hashtags: ['صباح_الخير', 'كرة_القدم', 'الطقس', 'رمضان_كريم', 'مطبخ', 'سفر', 'كتب'],
    news: [
      ['كأس_العرب', 'انطلاق بطولة كأس العرب اليوم وسط حضور جماهيري كبير'],
      ['معرض_الكتاب', 'معرض الكتاب يفتح أبوابه غداً بمشاركة مئات دور النشر'],
      ['عاصفة_رملية', 'عاصفة رملية قوية تضرب المنطقة وتحذيرات للسائقين'],
      ['الانتخابات_البلدية', 'بدء التصويت في الانتخابات البلدية في عدة مدن'],
      ['موسم_الزيتون', 'بداية موسم قطاف الزيتون والمزارعون يتوقعون محصولاً جيداً'],
    ],
    replies: ['معك حق', 'شكراً على المعلومة', 'صحيح تماماً', 'والله فكرة حلوة', 'لا أتفق معك'],
    names: ['أحمد', 'محمد', 'فاطمة', 'علي', 'سارة', 'يوسف', 'مريم', 'عمر', 'ليلى', 'خالد', 'نور', 'حسن'],
    bios: ['أحب القراءة والسفر', 'مهندس | عاشق لكرة القدم', 'طالبة جامعية', 'معلم لغة عربية', 'مصور هاوٍ', ''],
  },
  en: {
    templates: [
      'Good morning {city}, it is {weather} today and the coffee is ready',
      'What a match tonight, {team} against {team2} finished {score}',
      'New library opening in {city} this week, anyone going?',
      'Price of {food} went up again at the {city} market',
      'Nothing beats a cup of tea after a long day',
      'Traffic into {city} is terrible this morning, plan ahead',
      'Congratulations to {team} on the win, brilliant performance',
      'Trying my grandmother\'s {food} recipe tonight',
      'Exams start on {day}, good luck everyone',
      'Power cut in parts of {city} since this morning',
      'Best {food} place in {city}? Looking for tips',
      'It is {n} degrees in {city} today',
    ],
    slots: {
      city: ['London', 'Manchester', 'Dublin', 'Toronto', 'Chicago', 'Leeds', 'Boston', 'Glasgow'],
      team: ['United', 'Rovers', 'City', 'Athletic', 'Wanderers', 'Rangers'],
      team2: ['Albion', 'County', 'Villa', 'Town', 'Harriers'],
      weather: ['sunny', 'rainy', 'cold', 'windy', 'cloudy', 'mild'],
      food: ['pie', 'curry', 'pancakes', 'soup', 'bread', 'pizza'],
      day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
      score: ['2-1', '0-0', '3-2', '1-1', '4-0'],
      n: ['12', '18', '21', '25', '8'],
    },
    hashtags: ['MondayMotivation', 'football', 'weather', 'bookclub', 'recipes', 'travel'],
    news: [
      ['CupFinal', 'The cup final kicks off tonight in front of a sold-out stadium'],
      ['StormDelia', 'Storm warnings issued as strong winds reach the coast'],
      ['LocalElections', 'Polls are open in the local elections across the country'],
    ],
    replies: ['Totally agree', 'Thanks for sharing', 'Good point', 'Not sure about that', 'Same here'],
    names: ['James', 'Emma', 'Oliver', 'Sophie', 'Liam', 'Grace', 'Noah', 'Chloe', 'Ben', 'Mia'],
    bios: ['Coffee, books and football', 'Teacher. Runner.', 'Photography and long walks', 'Dad of two', ''],
  },
  fr: {
    templates: [
      'Bonjour {city}, il fait {weather} aujourd\'hui',
      'Quel match ce soir entre {team} et {team2}, score final {score}',
      'Une nouvelle bibliothèque ouvre à {city} cette semaine',
      'Le prix du {food} a encore augmenté au marché de {city}',
      'Rien de mieux qu\'un café après une longue journée',
      'Bouchons énormes à l\'entrée de {city} ce matin',
      'Bravo à {team} pour cette belle victoire',
      'Les examens commencent {day}, bon courage à tous',
      'Il fait {n} degrés à {city} aujourd\'hui',
    ],
    slots: {
      city: ['Paris', 'Lyon', 'Marseille', 'Lille', 'Bruxelles', 'Toulouse', 'Nantes'],
      team: ['Olympique', 'Racing', 'Stade', 'Sporting'],
      team2: ['Girondins', 'Union', 'Étoile', 'AS'],
      weather: ['beau', 'froid', 'chaud', 'gris', 'doux'],
      food: ['pain', 'fromage', 'café', 'couscous', 'poisson'],
      day: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'],
      score: ['2-1', '0-0', '3-2', '1-1'],
      n: ['14', '19', '23', '27', '9'],
    },
    hashtags: ['football', 'météo', 'cuisine', 'lecture', 'voyage'],
    news: [['FêteDeLaMusique', 'La fête de la musique commence ce soir dans toute la ville']],
    replies: ['Tout à fait d\'accord', 'Merci pour l\'info', 'Bien vu', 'Pas sûr'],
    names: ['Lucas', 'Camille', 'Hugo', 'Léa', 'Louis', 'Manon', 'Yanis', 'Inès'],
    bios: ['Amateur de cinéma', 'Prof de maths', 'Cuisine et voyages', ''],
  },
  ru: {
    templates: [
      'Доброе утро, {city}! Сегодня {weather}',
      'Отличный матч: {team} против {team2}, счёт {score}',
      'В {city} открылась новая библиотека',
      'Цены на {food} снова выросли',
      'Нет ничего лучше чая после долгого дня',
      'Поздравляю {team} с победой',
      'Экзамены начинаются в {day}, всем удачи',
      'Сегодня в {city} {n} градусов',
    ],
    slots: {
      city: ['Москва', 'Казань', 'Новосибирск', 'Самара', 'Уфа', 'Грозный'],
      team: ['Динамо', 'Спартак', 'Зенит', 'Рубин'],
      team2: ['Локомотив', 'Торпедо', 'Урал', 'Крылья'],
      weather: ['солнечно', 'холодно', 'дождь', 'тепло', 'снег'],
      food: ['хлеб', 'сыр', 'кофе', 'рыбу', 'яблоки'],
      day: ['понедельник', 'вторник', 'среду', 'четверг', 'пятницу'],
      score: ['2-1', '0-0', '3-2', '1-1'],
      n: ['-5', '3', '12', '20', '25'],
    },
    hashtags: ['футбол', 'погода', 'рецепты', 'книги'],
    news: [['Кубок', 'Сегодня финал кубка, стадион полностью заполнен']],
    replies: ['Согласен', 'Спасибо за информацию', 'Верно', 'Не уверен'],
    names: ['Иван', 'Анна', 'Дмитрий', 'Мария', 'Руслан', 'Алина'],
    bios: ['Люблю книги и футбол', 'Инженер', 'Фотограф', ''],
  },
  de: {
    templates: [
      'Guten Morgen {city}, heute ist es {weather}',
      'Tolles Spiel heute: {team} gegen {team2}, {score}',
      'Neue Bibliothek in {city} eröffnet diese Woche',
      'Die Preise für {food} sind schon wieder gestiegen',
      'Nichts geht über einen Kaffee nach einem langen Tag',
      'Glückwunsch an {team} zum Sieg',
      'Am {day} beginnen die Prüfungen, viel Erfolg',
      'Heute {n} Grad in {city}',
    ],
    slots: {
      city: ['Berlin', 'Hamburg', 'Köln', 'München', 'Wien', 'Bremen'],
      team: ['Borussia', 'Eintracht', 'Fortuna', 'Werder'],
      team2: ['Union', 'Hertha', 'Arminia', 'Kickers'],
      weather: ['sonnig', 'kalt', 'regnerisch', 'warm', 'windig'],
      food: ['Brot', 'Käse', 'Kaffee', 'Gemüse'],
      day: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag'],
      score: ['2:1', '0:0', '3:2', '1:1'],
      n: ['4', '11', '17', '23', '28'],
    },
    hashtags: ['Fußball', 'Wetter', 'Rezepte', 'Bücher'],
    news: [['Pokalfinale', 'Heute Abend ist das Pokalfinale, das Stadion ist ausverkauft']],
    replies: ['Stimmt', 'Danke für den Hinweis', 'Gute Idee', 'Sehe ich anders'],
    names: ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Hannah'],
    bios: ['Kaffee und Bücher', 'Lehrerin', 'Radfahrer', ''],
  },
  nl: {
    templates: [
      'Goedemorgen {city}, het is vandaag {weather}',
      'Wat een wedstrijd: {team} tegen {team2}, {score}',
      'Nieuwe bibliotheek geopend in {city}',
      'De prijs van {food} is weer omhoog gegaan',
      'Niets beter dan koffie na een lange dag',
      'Gefeliciteerd {team} met de overwinning',
      'Vandaag {n} graden in {city}',
    ],
    slots: {
      city: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Antwerpen', 'Gent', 'Den Haag'],
      team: ['Ajax', 'Feyenoord', 'Vitesse', 'Utrecht'],
      team2: ['Twente', 'Heerenveen', 'Go Ahead', 'Sparta'],
      weather: ['zonnig', 'koud', 'regenachtig', 'warm'],
      food: ['brood', 'kaas', 'koffie', 'stroopwafels'],
      day: ['maandag', 'dinsdag', 'woensdag', 'donderdag'],
      score: ['2-1', '0-0', '3-2', '1-1'],
      n: ['6', '13', '19', '24'],
    },
    hashtags: ['voetbal', 'weer', 'recepten', 'boeken'],
    news: [['Koningsdag', 'Koningsdag vandaag, de straten zijn vol met mensen']],
    replies: ['Eens', 'Bedankt voor de info', 'Goed punt', 'Weet ik niet'],
    names: ['Daan', 'Emma', 'Sem', 'Julia', 'Finn', 'Tess'],
    bios: ['Koffie en fietsen', 'Docent', 'Fotografie', ''],
  },
  ckb: {
    templates: [
      'بەیانیت باش {city}، ئەمڕۆ کەشوهەوا {weather}ە',
      'یارییەکی خۆش بوو لە نێوان {team} و {team2}، ئەنجام {score}',
      'کتێبخانەیەکی نوێ لە {city} کرایەوە',
      'نرخی {food} لە بازاڕی {city} بەرز بووەوە',
      'هیچ شتێک وەک چایەک دوای ڕۆژێکی درێژ نییە',
      'پیرۆزە بۆ {team} بۆ سەرکەوتنەکە',
    ],
    slots: {
      city: ['هەولێر', 'سلێمانی', 'دهۆک', 'کەرکووک', 'هەڵەبجە'],
      team: ['هەولێر', 'زاخۆ', 'دهۆک'],
      team2: ['نەوروز', 'برایەتی', 'پێشمەرگە'],
      weather: ['خۆش', 'سارد', 'گەرم', 'باراناوی'],
      food: ['نان', 'برنج', 'چا', 'دۆڵمە'],
      score: ['2-1', '0-0', '1-1'],
    },
    hashtags: ['کوردستان', 'تۆپی_پێ', 'کەشوهەوا'],
    news: [['نەورۆز', 'ئاهەنگی نەورۆز ئەمشەو لە هەموو شارەکان دەست پێدەکات']],
    replies: ['ڕاستە', 'سوپاس بۆ زانیاری', 'باشە'],
    names: ['ئاراس', 'شیلان', 'هێمن', 'ڕۆژان', 'دلێر'],
    bios: ['خوێندکار', 'مامۆستا', ''],
  },
  kmr: {
    templates: [
      'Rojbaş {city}, îro hewa {weather} e',
      'Maçeke xweş bû: {team} li hember {team2}, {score}',
      'Li {city} pirtûkxaneyeke nû vebû',
      'Bihayê {food} dîsa zêde bû',
      'Piştî rojeke dirêj çayek pir xweş e',
      'Pîroz be ji bo {team}',
    ],
    slots: {
      city: ['Amed', 'Qamişlo', 'Wan', 'Mêrdîn', 'Duhok'],
      team: ['Amedspor', 'Cizîr', 'Wan'],
      team2: ['Batman', 'Êlih', 'Sêrt'],
      weather: ['germ', 'sar', 'xweş', 'baranî'],
      food: ['nan', 'birinc', 'çay', 'penîr'],
      score: ['2-1', '0-0', '1-1'],
    },
    hashtags: ['Kurdistan', 'futbol', 'hewa'],
    news: [['Newroz', 'Îşev pîrozbahiya Newrozê li hemû bajaran dest pê dike']],
    replies: ['Rast e', 'Spas ji bo agahiyê', 'Baş e'],
    names: ['Azad', 'Rojda', 'Berfîn', 'Welat', 'Zozan'],
    bios: ['Xwendekar', 'Mamoste', ''],
  },
};

/** Fictional news and life sites (reserved `.example` names: nothing real is ever linked). */
export const ORGANIC_SITES = [
  'https://daily-courier.example/news/',
  'https://sportswire.example/match/',
  'https://akhbar-alyawm.example/article/',
  'https://citylife.example/p/',
  'https://recipes-corner.example/r/',
  'https://weather-now.example/f/',
  'https://videotube.example/watch?v=',
];

/** Share of organic posts by language (Arabic majority, as in the article's target audience). */
export const ORGANIC_LANG_MIX: Record<Lang, number> = {
  ar: 0.55, en: 0.15, fr: 0.08, ru: 0.06, de: 0.05, nl: 0.04, ckb: 0.04, kmr: 0.03,
};

/** Network profiles: mostly Arabic (Berger & Morgan: about three quarters), English, then French. */
export const NETWORK_LANG_MIX: Record<Lang, number> = {
  ar: 0.72, en: 0.14, fr: 0.05, ru: 0.03, de: 0.02, nl: 0.015, ckb: 0.01, kmr: 0.015,
};

/** UTC offsets (hours) people of each language tend to live in. */
export const LANG_TZ: Record<Lang, number[]> = {
  ar: [1, 2, 3, 3, 4], en: [-5, 0, 0, 1], fr: [1, 1, 0], ru: [3, 3, 5], de: [1], nl: [1], ckb: [3], kmr: [3, 3],
};

/** Relative posting activity by local hour (sleep at night, peak in the evening). */
export const DIURNAL = [
  0.35, 0.2, 0.12, 0.08, 0.07, 0.1, 0.25, 0.55, 0.8, 0.9, 0.95, 1.0,
  1.05, 1.0, 0.95, 0.95, 1.0, 1.1, 1.25, 1.4, 1.5, 1.45, 1.1, 0.7,
];
