// The demo lab as the GUI's service sees it: it asks the collector (the process that runs as
// root; the GUI never does) to start, stop or list demo containers, remembers which presets this
// service started, and stops those when the service shuts down (the app exits).
import type { DemoLabResult, DemoLabStatus, DemoPreset } from '../../../shared/lab/demoLab.js';
import type { AgentConnection } from './agentConnection.js';

/** A start may build a rootfs and copy it per preset: minutes on a slow machine, not seconds. */
const LAB_TIMEOUT_MS = 300_000;

export class LabControl {
  /** Presets this service started and has not stopped. */
  private readonly started = new Set<DemoPreset>();

  constructor(private readonly agent: () => AgentConnection) {}

  status(): Promise<DemoLabStatus> {
    return this.agent().request('labStatus', {}, 60_000);
  }

  async up(presets: DemoPreset[]): Promise<DemoLabResult> {
    const result = await this.agent().request('labUp', { presets }, LAB_TIMEOUT_MS);
    for (const c of result.status.containers) if (presets.includes(c.preset) && c.startedBy === 'app') this.started.add(c.preset);
    return result;
  }

  async down(presets: DemoPreset[] | undefined): Promise<DemoLabResult> {
    const result = await this.agent().request('labDown', presets ? { presets } : {}, LAB_TIMEOUT_MS);
    const left = new Set(result.status.containers.map((c) => c.preset));
    for (const p of [...this.started]) if (!left.has(p)) this.started.delete(p);
    return result;
  }

  /**
   * Before the service stops its collector: asks it to stop the presets this service started.
   * The request is queued ahead of the end of its input, so the collector stops them before it
   * exits (and finishes a lab operation in flight before a SIGTERM ends it).
   */
  beforeStop(agent: AgentConnection | null): void {
    if (!agent || this.started.size === 0) return;
    const presets = [...this.started];
    this.started.clear();
    agent.request('labDown', { presets }, LAB_TIMEOUT_MS).catch(() => undefined);
  }
}
