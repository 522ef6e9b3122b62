/**
 * X API v2 batch-compliance results (one JSON object per line): `{"id", "action", "created_at",
 * "redacted_at", "reason"}`. For a *users* job — the default here — each line says an account was
 * suspended, deleted, deactivated or protected at `redacted_at`; for a *tweets* job (`--map
 * job=tweets`) the id is a post that must be treated as deleted. The job type is not in the line
 * itself, hence the option.
 */
import { accountId, postId } from '../../model/index.js';
import type { AccountStatus } from '../../model/index.js';
import type { Decoder } from '../types.js';
import { idStr, isObj, isoMs, Out, parseJson, str } from './common.js';

const STATUS: Record<string, AccountStatus | undefined> = {
  suspended: 'suspended',
  deleted: 'deleted',
  deactivated: 'deactivated',
};

export const xComplianceDecoder: Decoder = {
  format: 'x-compliance',
  framing: 'lines',
  sniff(sample) {
    const first = sample.split('\n', 1)[0] ?? '';
    const parsed = parseJson(first);
    if (!parsed.ok || !isObj(parsed.value)) return 0;
    const o = parsed.value;
    return 'id' in o && 'action' in o && 'reason' in o && !('data' in o) && !('text' in o) ? 0.9 : 0;
  },
  decode(record, ctx) {
    const out = new Out();
    const parsed = parseJson(record.text);
    if (!parsed.ok) return out.problem('invalid_json', parsed.detail).done();
    if (!isObj(parsed.value)) return out.problem('not_an_object').done();
    const o = parsed.value;
    const id = idStr(o.id);
    if (!id || !/^\d+$/.test(id)) return out.problem('missing_field', 'id').done();
    const at = isoMs(o.redacted_at) ?? isoMs(o.created_at) ?? ctx.now;
    if (at === undefined) return out.problem('bad_time', 'redacted_at').done();
    const reason = str(o.reason) ?? '';
    if (ctx.mapping?.job === 'tweets') return out.add({ kind: 'postDeleted', postId: postId('x', id), at }).done();
    const status = STATUS[reason];
    if (status) out.add({ kind: 'accountEvent', event: { accountId: accountId('x', id), kind: 'status', status, at, detail: reason } });
    else out.add({ kind: 'skipped', what: `compliance:${reason || 'unknown'}` });
    return out.done();
  },
};
