import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { round } from './stats.js';

/** Linux reports process times in clock ticks of 1/100 s. */
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far, from /proc (undefined where there is no /proc). */
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name: state is [0], utime [11], stime [12].
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const value = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return value('used_cpu_user') + value('used_cpu_sys');
}

/** CPU seconds used during one window, and the window's length. */
export interface CpuSample {
  readonly wall: number;
  readonly redis: number;
  readonly loadGenerator: number;
  readonly servers: number;
}

export interface CpuShare {
  /** Percent of one core over the measured windows (warm-ups included): Redis, this process, the servers. */
  readonly redis: number;
  readonly loadGenerator: number;
  readonly servers: number;
}

/** Percent of one core per party over several windows. */
export function cpuShare(samples: readonly CpuSample[]): CpuShare {
  const sum = (key: keyof CpuSample) => samples.reduce((total, s) => total + s[key], 0);
  const wall = sum('wall');
  const pct = (seconds: number) => (wall > 0 ? round((seconds / wall) * 100, 0) : 0);
  return { redis: pct(sum('redis')), loadGenerator: pct(sum('loadGenerator')), servers: pct(sum('servers')) };
}

/** Where a phase's CPU went, so a missed ratio can be read as "who was busy". */
export class CpuMeter {
  private constructor(private readonly redis: Redis) {}

  static async open(redisUrl: string): Promise<CpuMeter> {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    await redis.connect();
    return new CpuMeter(redis);
  }

  async start(serverPids: readonly (number | undefined)[]): Promise<() => Promise<CpuSample>> {
    const began = process.hrtime.bigint();
    const self = process.cpuUsage();
    const redis0 = await redisCpuSeconds(this.redis);
    const servers0 = serverPids.map(processCpuSeconds);
    return async () => {
      const wall = Number(process.hrtime.bigint() - began) / 1e9;
      const redis1 = await redisCpuSeconds(this.redis);
      const used = process.cpuUsage(self);
      const servers = serverPids.reduce<number>((sum, pid, i) => {
        const now = processCpuSeconds(pid);
        const before = servers0[i];
        return now === undefined || before === undefined ? sum : sum + now - before;
      }, 0);
      return { wall, redis: redis1 - redis0, loadGenerator: (used.user + used.system) / 1e6, servers };
    };
  }

  close(): void {
    this.redis.disconnect();
  }
}
