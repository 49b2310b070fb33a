import { cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: string;
  readonly platform: string;
  readonly nodeVersion: string;
  /** ISO date and time, UTC. */
  readonly date: string;
  readonly loadAverage: string;
}

export function machineInfo(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown CPU',
    cores: processors.length,
    memoryGiB: (totalmem() / 1024 ** 3).toFixed(1),
    platform: `${platform()} ${release()}`,
    nodeVersion: process.versions.node,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadAverage: loadavg().map((value) => value.toFixed(2)).join(', '),
  };
}
