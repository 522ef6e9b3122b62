import cliProgress from 'cli-progress';

/**
 * A progress bar on standard error when it is a terminal (never in pipes, CI or `--json` runs):
 * records per second and an ETA from bytes.
 */
export interface Progress {
  update(done: number, total: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

const silent: Progress = { update: () => {}, stop: () => {} };

export function progressBar(label: string, unit: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return silent;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {rate} ${unit}/s | ETA {eta_formatted} | {detail}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let running = false;
  return {
    update(done, total, payload = {}) {
      const seconds = (performance.now() - started) / 1000;
      const count = Number(payload.count ?? done);
      const values = { rate: seconds > 0 ? Math.round(count / seconds) : 0, detail: '', ...payload };
      if (!running) {
        bar.start(Math.max(total, 1), done, values);
        running = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, values);
      }
    },
    stop() {
      if (running) bar.stop();
    },
  };
}
