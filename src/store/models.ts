/**
 * The model registry: versions per task, one active (acted on), any number of shadows (scored, not
 * acted on), the rest retired. The store keeps model files as opaque JSON; turning them into
 * classifiers is the pipeline's job (pipeline/classify.ts), so the store depends on nothing but JSON.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Json } from '../model/index.js';
import type { Database } from './schema/index.js';
import type { ModelsTable } from './schema/models.js';

export type ModelStatus = 'active' | 'shadow' | 'retired';
export const MODEL_STATUSES: readonly ModelStatus[] = ['active', 'shadow', 'retired'];

export interface ModelSummary {
  task: string;
  version: number;
  status: ModelStatus;
  metrics: { [key: string]: Json };
  training: { [key: string]: Json };
  createdAt: number;
  updatedAt: number;
}

export interface StoredModel extends ModelSummary {
  /** The model file as parsed JSON (validate it before use: `loadClassifier(model)`). */
  model: unknown;
}

/** A registry rule was broken (unknown version, no active model…): the message is for the user. */
export class ModelRegistryError extends Error {
  constructor(
    message: string,
    readonly code: 'unknown_model' | 'no_active_model' | 'bad_task' | 'bad_data',
  ) {
    super(message);
  }
}

const SUMMARY_COLUMNS = ['task', 'version', 'status', 'metrics', 'training', 'created_at', 'updated_at'] as const;

const summary = (r: Pick<Selectable<ModelsTable>, (typeof SUMMARY_COLUMNS)[number]>): ModelSummary => ({
  task: r.task,
  version: Number(r.version),
  status: r.status as ModelStatus,
  metrics: JSON.parse(r.metrics) as ModelSummary['metrics'],
  training: JSON.parse(r.training) as ModelSummary['training'],
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export interface RegisterModelInput {
  task: string;
  /** The model file (plain JSON). */
  model: Json | object;
  metrics?: { [key: string]: Json };
  training?: { [key: string]: Json };
  /** `active` retires the task's current active model; `shadow` leaves it in place. */
  as: 'active' | 'shadow';
  now?: number;
}

function checkTask(task: string): void {
  if (!/^[\w.-]{1,64}$/.test(task)) throw new ModelRegistryError(`task names are 1–64 letters, digits, "_", "." or "-", got "${task}"`, 'bad_task');
}

async function retireActive(trx: Transaction<Database>, task: string, now: number): Promise<void> {
  await trx.updateTable('models').set({ status: 'retired', updated_at: now }).where('task', '=', task).where('status', '=', 'active').execute();
}

/** Adds the next version of `task`; returns its summary. */
export async function registerModel(db: Kysely<Database>, input: RegisterModelInput): Promise<ModelSummary> {
  checkTask(input.task);
  const now = input.now ?? Date.now();
  return db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('models').select((eb) => eb.fn.max('version').as('v')).where('task', '=', input.task).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    if (input.as === 'active') await retireActive(trx, input.task, now);
    const row = {
      task: input.task,
      version,
      status: input.as,
      model: JSON.stringify(input.model),
      metrics: JSON.stringify(input.metrics ?? {}),
      training: JSON.stringify(input.training ?? {}),
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('models').values(row).execute();
    return summary(row);
  });
}

export async function listModels(db: Kysely<Database>, options: { task?: string; status?: ModelStatus } = {}): Promise<ModelSummary[]> {
  let q = db.selectFrom('models').select(SUMMARY_COLUMNS);
  if (options.task !== undefined) q = q.where('task', '=', options.task);
  if (options.status !== undefined) q = q.where('status', '=', options.status);
  const rows = await q.orderBy('task').orderBy('version').execute();
  return rows.map(summary);
}

export async function getModel(db: Kysely<Database>, task: string, version: number): Promise<StoredModel | undefined> {
  const r = await db.selectFrom('models').selectAll().where('task', '=', task).where('version', '=', version).executeTakeFirst();
  return r ? { ...summary(r), model: JSON.parse(r.model) as unknown } : undefined;
}

/** The active model and the shadows of a task, with their model files. */
export async function activeAndShadows(db: Kysely<Database>, task: string): Promise<{ active?: StoredModel; shadows: StoredModel[] }> {
  const rows = await db.selectFrom('models').selectAll().where('task', '=', task).where('status', 'in', ['active', 'shadow']).orderBy('version').execute();
  const models = rows.map((r) => ({ ...summary(r), model: JSON.parse(r.model) as unknown }));
  const active = models.find((m) => m.status === 'active');
  return { ...(active ? { active } : {}), shadows: models.filter((m) => m.status === 'shadow') };
}

async function setStatus(db: Kysely<Database>, task: string, version: number, status: ModelStatus, now: number): Promise<ModelSummary> {
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('models').select('status').where('task', '=', task).where('version', '=', version).executeTakeFirst();
    if (!found) throw new ModelRegistryError(`no model ${task} v${version}`, 'unknown_model');
    if (status === 'active' && found.status !== 'active') await retireActive(trx, task, now);
    await trx.updateTable('models').set({ status, updated_at: now }).where('task', '=', task).where('version', '=', version).execute();
    const r = await trx.selectFrom('models').select(SUMMARY_COLUMNS).where('task', '=', task).where('version', '=', version).executeTakeFirstOrThrow();
    return summary(r);
  });
}

/** Makes `version` the active model of `task` (also a retired one: rollback); the previous active is retired. */
export const activateModel = (db: Kysely<Database>, task: string, version: number, now = Date.now()): Promise<ModelSummary> =>
  setStatus(db, task, version, 'active', now);

/** Turns a version into a shadow (scored, not acted on); retiring the active one leaves the task without one. */
export const shadowModel = (db: Kysely<Database>, task: string, version: number, now = Date.now()): Promise<ModelSummary> =>
  setStatus(db, task, version, 'shadow', now);

export const retireModel = (db: Kysely<Database>, task: string, version: number, now = Date.now()): Promise<ModelSummary> =>
  setStatus(db, task, version, 'retired', now);
