/**
 * Shout-outs: posts by a suspended account's network that introduce its new handle ("my new account
 * @x, support and follow"). The phrases are in the mission's languages (Arabic, English, French,
 * German, Dutch, Russian, Sorani and Kurmanji Kurdish) and are matched on normalised text, so hamza,
 * taa marbuta, case and accents do not matter.
 *
 * Two strengths: a phrase that names a new / returning account is strong; a bare call to support or
 * follow is weak (organic posts say "follow @x" too) and only counts next to other evidence.
 */
import { normalizeForMatching } from '../../text/index.js';

const STRONG = [
  // Arabic
  'حسابي الجديد', 'الحساب الجديد', 'حساب جديد', 'بحساب جديد', 'حسابه الجديد', 'معرفي الجديد', 'المعرف الجديد', 'عاد اخونا', 'عاد أخونا',
  'الحساب البديل', 'حساب بديل', 'حساب احتياط',
  // English
  'new account', 'new acc', 'new handle', 'is back as', 'back as', 'backup account', 'my new page',
  // French
  'nouveau compte', 'nouvelle page', 'de retour',
  // German
  'neuer account', 'neues konto', 'neuen account', 'neues profil', 'neuer kanal',
  // Dutch
  'nieuw account', 'nieuwe account', 'nieuw profiel',
  // Russian
  'новый аккаунт', 'новый акк', 'новая страница', 'запасной аккаунт',
  // Sorani Kurdish
  'هەژماری نوێ', 'هەژمارى نوێ', 'ئەکاونتی نوێ',
  // Kurmanji Kurdish
  'hesabê nû', 'hesabe nu', 'hesabê min ê nû', 'hesabe min e nu',
];

const WEAK = [
  'ادعموا', 'ادعموه', 'ادعموها', 'تابعوا', 'تابعوه', 'الدعم', 'انشروا', 'نشروا',
  'support', 'follow', 'please follow', 'spread',
  'soutenez', 'suivez', 'abonnez',
  'unterstützen', 'unterstutzen', 'folgen', 'folgt',
  'steun', 'volg', 'volgen',
  'поддержите', 'подпишитесь',
  'پشتگیری', 'فۆڵۆ', 'فولو',
  'piştgirî', 'pistgiri', 'bişopînin', 'bisopinin',
];

const fold = (list: string[]): string[] => [...new Set(list.map((p) => normalizeForMatching(p)).filter((p) => p.length > 0))];
const STRONG_N = fold(STRONG);
const WEAK_N = fold(WEAK);

export interface ShoutoutMatch {
  /** 1 for a phrase naming a new account, 0.5 for a bare call to support / follow. */
  strength: number;
  phrase: string;
}

/** Whether a post's text reads as a shout-out (the caller checks it also mentions someone). */
export function matchShoutout(text: string): ShoutoutMatch | undefined {
  if (text.length === 0) return undefined;
  const t = normalizeForMatching(text);
  for (const p of STRONG_N) if (t.includes(p)) return { strength: 1, phrase: p };
  for (const p of WEAK_N) if (t.includes(p)) return { strength: 0.5, phrase: p };
  return undefined;
}
