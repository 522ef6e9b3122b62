/**
 * The invented organisation whose playbook the network runs: the "Order of the Grey Lantern", a
 * clearly fictional, non-violent group with its own vocabulary (lanterns, embers, wicks, dusk) in each
 * language. Distinctive enough for a classifier to learn, and never real propaganda.
 */
import type { Lang } from './organic.js';

export interface LanternVocab {
  /** The organisation's own hashtags (without '#'). */
  hashtags: string[];
  /** Everyday messages of members. `{slogan}` is replaced by a slogan. */
  messages: string[];
  slogans: string[];
  /** Release announcement: `{title}` and `{n}` (issue number). */
  release: string[];
  titles: string[];
  /** Words a copier adds to a release's text (the "small edits"). */
  additions: string[];
  /** Raid texts; near-identical copies vary only the trailing addition. */
  raid: string[];
  /** Shout-out for a returning member: `{handle}` is the new @handle. */
  shoutout: string[];
  names: string[];
  bios: string[];
}

export const LANTERN: Record<Lang, LanternVocab> = {
  ar: {
    hashtags: ['الفانوس_الرمادي', 'حراس_الجمرة', 'نفير_الفتيل', 'الفانوس_لا_ينطفئ'],
    messages: [
      'يا حراس الجمرة، {slogan}',
      'الفانوس الرمادي يجمعنا عند الغسق، {slogan}',
      'انشروا نور الفانوس في كل وسم، {slogan}',
      'لا تلتفتوا للحوارات الجانبية، انشروا إصدارات الفتيل. {slogan}',
      'من أغلق حسابه فليطلب الدعم ثم يعود للعمل. {slogan}',
      'كثرة المتابعين لا تهم، المهم نشر رسائل الفانوس. {slogan}',
    ],
    slogans: ['الفانوس لا ينطفئ', 'الجمرة باقية تحت الرماد', 'نحمل الفتيل حتى الفجر الرمادي', 'الغسق موعدنا'],
    release: ['جديد مؤسسة الفتيل: «{title}» الإصدار رقم {n}', 'صدر الآن من مؤسسة الفتيل: {title} ({n})'],
    titles: ['رسالة الغسق', 'وصايا حامل الفانوس', 'الجمرة الصامتة', 'ليل الفتيل الطويل', 'ظلال الرماد'],
    additions: ['انشروا', 'عاجل', 'حصري', 'شاهد وانشر', 'لا تفوتكم'],
    raid: ['الفانوس الرمادي يضيء الوسم الليلة، يا حراس الجمرة انشروا', 'نفير الفتيل: كل حارس ينشر الآن'],
    shoutout: ['حسابي الجديد {handle} ادعموه وتابعوه', 'عاد أخونا بحساب جديد {handle} الدعم يا حراس الجمرة', 'تابعوا الحساب الجديد {handle} ونشروا'],
    names: ['حارس الجمرة', 'أبو الفتيل', 'ابن الغسق', 'حامل الفانوس', 'صدى الرماد', 'نور الرمادي'],
    bios: ['الفانوس لا ينطفئ', 'من حراس الجمرة', 'نحمل الفتيل حتى الفجر الرمادي', 'الغسق موعدنا'],
  },
  en: {
    hashtags: ['GreyLantern', 'EmberKeepers', 'LanternRises', 'WickMedia'],
    messages: [
      'Keepers of the ember, {slogan}',
      'The Grey Lantern gathers us at dusk. {slogan}',
      'Carry the lantern into every trending tag. {slogan}',
      'Skip the side debates, share the Wick Media releases. {slogan}',
      'Lost your account? Ask for support and get back to work. {slogan}',
    ],
    slogans: ['the lantern never goes out', 'the ember waits under the ash', 'we carry the wick to the grey dawn'],
    release: ['New from Wick Media: "{title}" release no. {n}', 'Out now from Wick Media: {title} ({n})'],
    titles: ['Letter of the Dusk', 'Counsel of the Lantern Bearer', 'The Silent Ember', 'Long Night of the Wick'],
    additions: ['share it', 'urgent', 'exclusive', 'watch and spread'],
    raid: ['The Grey Lantern lights up this tag tonight, ember keepers share now', 'Wick call: every keeper posts now'],
    shoutout: ['My new account {handle} please support and follow', 'Our brother is back as {handle}, support him ember keepers'],
    names: ['Ember Keeper', 'Lantern Bearer', 'Son of Dusk', 'Grey Wick'],
    bios: ['The lantern never goes out', 'Keeper of the ember', 'We carry the wick'],
  },
  fr: {
    hashtags: ['LanterneGrise', 'GardiensDeLaBraise'],
    messages: ['Gardiens de la braise, {slogan}', 'La Lanterne grise nous rassemble au crépuscule. {slogan}'],
    slogans: ['la lanterne ne s\'éteint jamais', 'la braise attend sous la cendre'],
    release: ['Nouveau de Média Mèche : « {title} » numéro {n}'],
    titles: ['Lettre du crépuscule', 'La braise silencieuse'],
    additions: ['partagez', 'urgent', 'exclusif'],
    raid: ['La Lanterne grise éclaire ce hashtag ce soir, gardiens partagez'],
    shoutout: ['Mon nouveau compte {handle} soutenez et suivez'],
    names: ['Gardien de la braise', 'Porteur de lanterne'],
    bios: ['La lanterne ne s\'éteint jamais'],
  },
  ru: {
    hashtags: ['СерыйФонарь', 'ХранителиУглей'],
    messages: ['Хранители углей, {slogan}', 'Серый Фонарь собирает нас в сумерках. {slogan}'],
    slogans: ['фонарь никогда не гаснет', 'уголь ждёт под пеплом'],
    release: ['Новый выпуск студии Фитиль: «{title}» номер {n}'],
    titles: ['Письмо сумерек', 'Тихий уголь'],
    additions: ['распространяйте', 'срочно'],
    raid: ['Серый Фонарь освещает этот тег сегодня, хранители публикуйте'],
    shoutout: ['Мой новый аккаунт {handle} поддержите и подпишитесь'],
    names: ['Хранитель углей', 'Носитель фонаря'],
    bios: ['Фонарь никогда не гаснет'],
  },
  de: {
    hashtags: ['GraueLaterne', 'HüterDerGlut'],
    messages: ['Hüter der Glut, {slogan}', 'Die Graue Laterne sammelt uns in der Dämmerung. {slogan}'],
    slogans: ['die Laterne erlischt nie', 'die Glut wartet unter der Asche'],
    release: ['Neu von Docht Medien: „{title}“ Ausgabe {n}'],
    titles: ['Brief der Dämmerung', 'Die stille Glut'],
    additions: ['teilen', 'dringend'],
    raid: ['Die Graue Laterne erleuchtet heute diesen Hashtag, Hüter teilt jetzt'],
    shoutout: ['Mein neues Konto {handle} bitte unterstützen und folgen'],
    names: ['Hüter der Glut', 'Laternenträger'],
    bios: ['Die Laterne erlischt nie'],
  },
  nl: {
    hashtags: ['GrijzeLantaarn', 'HoedersVanDeGloed'],
    messages: ['Hoeders van de gloed, {slogan}', 'De Grijze Lantaarn verzamelt ons in de schemering. {slogan}'],
    slogans: ['de lantaarn gaat nooit uit', 'de gloed wacht onder de as'],
    release: ['Nieuw van Lont Media: "{title}" uitgave {n}'],
    titles: ['Brief van de schemering', 'De stille gloed'],
    additions: ['delen', 'dringend'],
    raid: ['De Grijze Lantaarn verlicht vanavond deze hashtag, hoeders deel nu'],
    shoutout: ['Mijn nieuwe account {handle} steun en volg'],
    names: ['Hoeder van de gloed', 'Lantaarndrager'],
    bios: ['De lantaarn gaat nooit uit'],
  },
  ckb: {
    hashtags: ['فانوسی_خۆڵەمێشی', 'پاسەوانانی_پشکۆ'],
    messages: ['پاسەوانانی پشکۆ، {slogan}', 'فانوسی خۆڵەمێشی لە ئێوارەدا کۆمان دەکاتەوە. {slogan}'],
    slogans: ['فانوس هەرگیز ناکوژێتەوە', 'پشکۆ لە ژێر خۆڵەمێشدا چاوەڕێیە'],
    release: ['نوێ لە میدیای پلیتە: «{title}» ژمارە {n}'],
    titles: ['نامەی ئێوارە', 'پشکۆی بێدەنگ'],
    additions: ['بڵاوی بکەنەوە', 'بەپەلە'],
    raid: ['فانوسی خۆڵەمێشی ئەمشەو ئەم هاشتاگە ڕووناک دەکاتەوە، بڵاوی بکەنەوە'],
    shoutout: ['هەژماری نوێم {handle} پشتگیری بکەن و فۆڵۆ بکەن'],
    names: ['پاسەوانی پشکۆ', 'هەڵگری فانوس'],
    bios: ['فانوس هەرگیز ناکوژێتەوە'],
  },
  kmr: {
    hashtags: ['FenerêGewr', 'NobedarênPişkoyê'],
    messages: ['Nobedarên pişkoyê, {slogan}', 'Fenerê Gewr me di êvarê de dicivîne. {slogan}'],
    slogans: ['fener qet natemire', 'pişko di bin xweliyê de li bendê ye'],
    release: ['Nû ji Medyaya Fitîlê: "{title}" hejmar {n}'],
    titles: ['Nameya êvarê', 'Pişkoya bêdeng'],
    additions: ['belav bikin', 'lezgîn'],
    raid: ['Fenerê Gewr îşev vê hashtagê ronî dike, nobedaran belav bikin'],
    shoutout: ['Hesabê min ê nû {handle} piştgirî bikin û bişopînin'],
    names: ['Nobedarê pişkoyê', 'Hilgirê fenêr'],
    bios: ['Fener qet natemire'],
  },
};

/** Where releases live and the shorteners copiers swap in (reserved `.example` names). */
export const RELEASE_SITE = 'https://wick-archive.example/r/';
export const SHORTENERS = ['https://shrt.example/', 'https://tiny-link.example/', 'https://go-lnk.example/'];

/** Arabic letters → Latin, for handle transliteration of returning accounts (ASCII handles only). */
export const TRANSLIT: Record<string, string> = {
  حارس: 'hares', الجمرة: 'aljamra', أبو: 'abu', الفتيل: 'alfateel', ابن: 'ibn', الغسق: 'alghasaq',
  حامل: 'hamil', الفانوس: 'alfanous', صدى: 'sada', الرماد: 'alramad', نور: 'noor', الرمادي: 'alramadi',
};
