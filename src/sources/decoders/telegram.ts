/**
 * Telegram Desktop's JSON export (`result.json`): a single chat (`{name, type, id, messages: […]}`) or a
 * full account export (`{chats: {list: [chat…]}, left_chats: {list: [chat…]}}`). The file is one JSON
 * document, so `split` parses it and yields one record per message, wrapped with the chat it belongs
 * to: `{"chat": {id, name, type}, "message": {…}}`, positioned by JSON path in `position.cursor`.
 *
 * Ids: post `telegram:<chat id>:<message id>`, account `telegram:<from_id>` (`user123`, `channel456`);
 * a channel post without `from_id` is the channel's (`telegram:channel<chat id>`).
 *
 * Forwards: the export names the origin (`forwarded_from`, a display name; newer exports add
 * `forwarded_from_id`) but never the original message id, so no `repostOf` is invented. The origin goes
 * into `mentions` — `{id: telegram:<forwarded_from_id>}` when the export has it, otherwise
 * `{handle: <display name, lower-cased>}` — where co-mention detection finds many accounts forwarding
 * the same channel at once. (A dedicated `forwardedFrom` field in the model would say it better.)
 *
 * Media paths (`photo`, `file`) stay relative to the export folder, as the model's `Media.path` wants;
 * the media stage resolves them against the source's folder. Paths that would leave it are dropped.
 */
import { accountId, postId } from '../../model/index.js';
import type { Media, Mention, Post, SourcePosition } from '../../model/index.js';
import type { Decoded, DecodeProblem, DecodeProblemAt, DecodeResult, Decoder, RawRecord } from '../types.js';
import {
  boundText, canonicalUrls, idStr, isObj, isoMs, MAX_MS, nonNegInt, type Obj, Out, parseJson, safeRelativePath, str, textEntities, uniq,
  uniqMentions,
} from './common.js';

const CHANNEL_TYPES = new Set(['public_channel', 'private_channel']);

export const telegramDecoder: Decoder = {
  format: 'telegram',
  framing: 'document',
  sniff(sample, fileName) {
    const s = sample.trimStart();
    if (!s.startsWith('{')) return 0;
    const named = /(^|[\\/])result\.json$/i.test(fileName);
    const chat = /"messages"\s*:\s*\[/.test(s) && /"(date_unixtime|from_id|text_entities)"\s*:/.test(s);
    const full = /"chats"\s*:\s*\{/.test(s) && /"list"\s*:\s*\[/.test(s);
    const typed = /"type"\s*:\s*"(personal_chat|private_group|private_supergroup|public_supergroup|public_channel|private_channel|saved_messages|bot_chat)"/.test(s);
    if (chat || (full && typed)) return 0.95;
    if (typed || full || /"personal_information"\s*:/.test(s)) return 0.8;
    return named ? 0.55 : 0;
  },
  *split(document, source): Iterable<RawRecord | DecodeProblemAt> {
    const parsed = parseJson(document);
    if (!parsed.ok) {
      yield { reason: 'invalid_json', detail: parsed.detail, position: { source, offset: 0 }, raw: document.slice(0, 4096) };
      return;
    }
    const chats = chatsOf(parsed.value);
    if (chats.length === 0) {
      yield { reason: 'not_a_telegram_export', detail: 'no messages list and no chats.list', position: { source, offset: 0 }, raw: document.slice(0, 4096) };
      return;
    }
    for (const { chat, path } of chats) {
      const header = JSON.stringify({ id: chat.id, name: chat.name, type: chat.type });
      const messages = chat.messages as unknown[];
      for (let i = 0; i < messages.length; i++) {
        yield { text: `{"chat":${header},"message":${JSON.stringify(messages[i]) ?? 'null'}}`, position: { source, cursor: `${path}.messages[${i}]` } };
      }
    }
  },
  decode(record) {
    const parsed = parseJson(record.text);
    if (!parsed.ok) return new Out().problem('invalid_json', parsed.detail).done();
    const v = parsed.value;
    if (isObj(v) && 'message' in v && isObj(v.chat)) return message(v.chat, v.message, record.position);
    // A whole (small) export handed to decode directly: decode every message.
    const chats = chatsOf(v);
    if (chats.length === 0) return new Out().problem('not_a_telegram_export', 'expected {chat, message} or an export').done();
    const out: { items: Decoded[]; problems: DecodeProblem[] } = { items: [], problems: [] };
    for (const { chat, path } of chats) {
      (chat.messages as unknown[]).forEach((m, i) => {
        const r = message(chat, m, { ...record.position, cursor: `${path}.messages[${i}]` });
        out.items.push(...r.items);
        out.problems.push(...r.problems);
      });
    }
    return out;
  },
};

/** The chats of a single-chat or full export, with their JSON paths. */
function chatsOf(doc: unknown): { chat: Obj; path: string }[] {
  if (!isObj(doc)) return [];
  if (Array.isArray(doc.messages)) return [{ chat: doc, path: '$' }];
  const out: { chat: Obj; path: string }[] = [];
  for (const key of ['chats', 'left_chats']) {
    const section = doc[key];
    if (!isObj(section) || !Array.isArray(section.list)) continue;
    section.list.forEach((chat, i) => {
      if (isObj(chat) && Array.isArray(chat.messages)) out.push({ chat, path: `$.${key}.list[${i}]` });
    });
  }
  return out;
}

const FILE_KINDS: Record<string, Media['kind']> = {
  video_file: 'video', video_message: 'video', animation: 'gif', voice_message: 'audio', audio_file: 'audio', sticker: 'image',
};

function message(chat: Obj, m: unknown, position: SourcePosition): DecodeResult {
  const out = new Out();
  if (!isObj(m)) return out.problem('not_an_object', 'message').done();
  if (m.type === 'service') return out.add({ kind: 'skipped', what: 'service' }).done();
  if (m.type !== 'message') return out.problem('unknown_message_type', String(m.type).slice(0, 50)).done();
  const chatId = idStr(chat.id);
  const msgId = idStr(m.id);
  if (chatId === undefined || chatId.length > 32) return out.problem('missing_field', 'chat.id').done();
  if (msgId === undefined || msgId.length > 32) return out.problem('missing_field', 'message.id').done();
  const createdAt = unixtime(m.date_unixtime) ?? isoMs(m.date); // `date` is the exporter's local time: last resort, read as UTC
  if (createdAt === undefined) return out.problem('bad_time', 'date_unixtime / date').done();

  const fromId = str(m.from_id);
  const author = fromId && /^[a-z]{0,10}\d{1,20}$/.test(fromId) ? fromId : CHANNEL_TYPES.has(String(chat.type)) ? `channel${chatId}` : undefined;
  if (author === undefined) return out.problem('missing_field', `from_id${fromId === undefined ? '' : ` (bad: ${fromId.slice(0, 40)})`}`).done();
  const authorId = accountId('telegram', author);
  const name = str(m.from) ?? (author === `channel${chatId}` ? str(chat.name) : undefined);
  out.add({ kind: 'account', account: { id: authorId, platform: 'telegram', ...(name ? { displayName: name.slice(0, 1000) } : {}), observedAt: createdAt } });

  const p: Post = {
    id: postId('telegram', chatId, msgId), platform: 'telegram', authorId, createdAt, text: '',
    hashtags: [], urls: [], mentions: [], media: [], source: position,
  };
  const edited = unixtime(m.edited_unixtime);
  if (edited !== undefined) p.editedAt = edited;
  const reply = idStr(m.reply_to_message_id);
  // A reply into another chat (`reply_to_peer_id`) would point at the wrong message here: left out.
  if (reply !== undefined && reply.length <= 32 && m.reply_to_peer_id === undefined) p.replyTo = postId('telegram', chatId, reply);
  if (typeof m.via_bot === 'string') p.client = m.via_bot.slice(0, 200);

  text(m, p, out);
  for (const [nameKey, idKey] of [['forwarded_from', 'forwarded_from_id'], ['saved_from', 'saved_from_id']] as const) {
    const originId = str(m[idKey]);
    const originName = str(m[nameKey]);
    if (originId && /^[a-z]{0,10}\d{1,20}$/.test(originId)) p.mentions.push({ id: accountId('telegram', originId) });
    else if (originName && originName.trim()) p.mentions.push({ handle: originName.trim().toLowerCase().slice(0, 300) });
  }
  p.mentions = uniqMentions(p.mentions);
  media(m, p, out);
  return out.add({ kind: 'post', post: p }).done();
}

/** `"1736936400"` (the export writes it as a string) or a number, in seconds → epoch ms. */
function unixtime(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isFinite(n) && n >= 0 && n * 1000 <= MAX_MS ? Math.round(n * 1000) : undefined;
}

/**
 * `text` is a string, or an array of strings and entity objects `{type, text, href?, user_id?}`;
 * `text_entities` (newer exports) is the same as an array of entities only. Marked entities are used
 * as the export gives them; a plain string is searched for entities like other free text.
 */
function text(m: Obj, p: Post, out: Out): void {
  const parts = Array.isArray(m.text_entities) ? m.text_entities : Array.isArray(m.text) ? m.text : undefined;
  if (parts === undefined) {
    if (m.text !== undefined && typeof m.text !== 'string') out.problem('wrong_type', 'text is neither a string nor an array');
    p.text = boundText(str(m.text) ?? '', out);
    Object.assign(p, textEntities(p.text));
    return;
  }
  const hashtags: string[] = [];
  const urls: string[] = [];
  const mentions: Mention[] = [];
  let s = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      s += part;
      continue;
    }
    if (!isObj(part) || typeof part.text !== 'string') continue;
    s += part.text;
    switch (part.type) {
      case 'hashtag':
        if (part.text.length > 1 && part.text.length <= 640) hashtags.push(part.text.replace(/^[#＃]/, ''));
        break;
      case 'link':
        urls.push(part.text);
        break;
      case 'text_link':
        if (typeof part.href === 'string') urls.push(part.href);
        break;
      case 'mention':
        if (part.text.length > 1 && part.text.length <= 64) mentions.push({ handle: part.text.replace(/^@/, '').toLowerCase() });
        break;
      case 'mention_name': {
        const uid = idStr(part.user_id);
        if (uid !== undefined && /^\d{1,20}$/.test(uid)) mentions.push({ id: accountId('telegram', `user${uid}`) });
        break;
      }
    }
  }
  p.text = boundText(s, out);
  p.hashtags = uniq(hashtags);
  p.urls = canonicalUrls(urls);
  p.mentions = mentions;
}

const NOT_INCLUDED = /^\(File (not included|exceeds maximum size)/i;

function media(m: Obj, p: Post, out: Out): void {
  const add = (kind: Media['kind'], path: unknown): void => {
    const item: Media = { kind };
    if (typeof path === 'string' && !NOT_INCLUDED.test(path)) {
      const safe = safeRelativePath(path);
      if (safe === undefined) out.problem('unsafe_media_path', path.slice(0, 200));
      else item.path = safe;
    }
    if (typeof m.mime_type === 'string' && m.mime_type.length <= 100) item.mimeType = m.mime_type;
    const w = nonNegInt(m.width);
    const h = nonNegInt(m.height);
    if (w !== undefined && h !== undefined) Object.assign(item, { width: w, height: h });
    p.media.push(item);
  };
  if (m.photo !== undefined) add('image', m.photo);
  if (m.file !== undefined) add(FILE_KINDS[String(m.media_type)] ?? 'file', m.file);
}
