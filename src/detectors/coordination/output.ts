import type { Campaign } from '../../model/campaign.js';
import type { AccountId } from '../../model/ids.js';
import type { CoEdge, NodeInfo } from './types.js';

/** What the writers need of an edge. Iterables are walked twice (nodes, then edges). */
export type EdgeRow = Pick<CoEdge, 'source' | 'target' | 'type' | 'weight' | 'guardedWeight'>;

/**
 * Writers for Gephi and friends. Content is hostile (it comes from the posts): everything is escaped,
 * and characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF) are removed.
 */

const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(s: string): string {
  return s
    .replace(ILLEGAL_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

const csvCell = (s: string | number): string => `"${String(s).replace(/"/g, '""')}"`;

/**
 * QUT's edge list: `source,target,weight,edge_type`, every cell quoted, user ids, the raw QUT weight.
 * Cells starting with = + - @ are not rewritten: ids are not formulas and rewriting would break joins.
 */
export function edgesCsv(edges: Iterable<EdgeRow>): string {
  const lines = ['source,target,weight,edge_type'];
  for (const e of edges) lines.push([e.source, e.target, e.weight, e.type].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

function nodeMap(edges: Iterable<EdgeRow>, nodes: readonly NodeInfo[]): NodeInfo[] {
  const info = new Map(nodes.map((n) => [n.id as string, n]));
  const seen = new Set<string>();
  for (const e of edges) seen.add(e.source).add(e.target);
  const ids = [...seen].sort();
  return ids.map((id) => info.get(id) ?? { id: id as AccountId, messages: [] });
}

/** GraphML (directed; parallel edges for different co-action types), nodes with username and messages. */
export function toGraphml(edges: Iterable<EdgeRow>, nodes: readonly NodeInfo[], messages = 10): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="username" for="node" attr.name="username" attr.type="string"/>',
  ];
  for (let i = 0; i < messages; i++) out.push(`  <key id="message_${i}" for="node" attr.name="message_${i}" attr.type="string"/>`);
  out.push(
    '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
    '  <key id="guarded_weight" for="edge" attr.name="guarded_weight" attr.type="double"/>',
    '  <key id="edge_type" for="edge" attr.name="edge_type" attr.type="string"/>',
    '  <graph id="coordination" edgedefault="directed">',
  );
  for (const n of nodeMap(edges, nodes)) {
    out.push(`    <node id="${xmlEscape(n.id)}">`);
    out.push(`      <data key="username">${xmlEscape(n.username ?? '')}</data>`);
    n.messages.slice(0, messages).forEach((m, i) => out.push(`      <data key="message_${i}">${xmlEscape(m)}</data>`));
    out.push('    </node>');
  }
  let i = 0;
  for (const e of edges) {
    out.push(`    <edge id="e${i++}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}">`);
    out.push(`      <data key="weight">${e.weight}</data>`);
    out.push(`      <data key="guarded_weight">${e.guardedWeight}</data>`);
    out.push(`      <data key="edge_type">${xmlEscape(e.type)}</data>`);
    out.push('    </edge>');
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

/** GEXF 1.3 for Gephi: directed, `kind` = co-action type so parallel edges of different types coexist. */
export function toGexf(edges: Iterable<EdgeRow>, nodes: readonly NodeInfo[], messages = 10): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
    '  <meta><creator>marsad</creator><description>coordination network</description></meta>',
    '  <graph defaultedgetype="directed" mode="static">',
    '    <attributes class="node">',
    '      <attribute id="username" title="username" type="string"/>',
  ];
  for (let i = 0; i < messages; i++) out.push(`      <attribute id="message_${i}" title="message_${i}" type="string"/>`);
  out.push(
    '    </attributes>',
    '    <attributes class="edge">',
    '      <attribute id="guarded_weight" title="guarded_weight" type="double"/>',
    '    </attributes>',
    '    <nodes>',
  );
  for (const n of nodeMap(edges, nodes)) {
    out.push(`      <node id="${xmlEscape(n.id)}" label="${xmlEscape(n.username ?? n.id)}">`);
    out.push('        <attvalues>');
    out.push(`          <attvalue for="username" value="${xmlEscape(n.username ?? '')}"/>`);
    n.messages.slice(0, messages).forEach((m, i) => out.push(`          <attvalue for="message_${i}" value="${xmlEscape(m)}"/>`));
    out.push('        </attvalues>', '      </node>');
  }
  out.push('    </nodes>', '    <edges>');
  let i = 0;
  for (const e of edges) {
    out.push(
      `      <edge id="e${i++}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}" weight="${e.weight}" kind="${xmlEscape(e.type)}">`,
      `        <attvalues><attvalue for="guarded_weight" value="${e.guardedWeight}"/></attvalues>`,
      '      </edge>',
    );
  }
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return out.join('\n');
}

export function campaignsJson(campaigns: readonly Campaign[]): string {
  return `${JSON.stringify({ campaigns }, null, 2)}\n`;
}
