/** The roles of API keys. */
export type Role = 'viewer' | 'maker' | 'checker' | 'admin';

/** What the console offers; the server decides in the end and answers 403 otherwise. */
export type Capability = 'upload' | 'operate' | 'approve';

const CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  viewer: [],
  maker: ['upload', 'operate'],
  checker: ['approve'],
  admin: ['upload', 'operate', 'approve'],
};

export function can(role: string, capability: Capability): boolean {
  return (CAPABILITIES[role as Role] ?? []).includes(capability);
}

export type BatchAction =
  'preflight' | 'approve' | 'run' | 'pause' | 'resume' | 'cancel' | 'retry-failed';

export const BATCH_ACTION_LABELS: Readonly<Record<BatchAction, string>> = {
  preflight: 'Run pre-flight',
  approve: 'Approve',
  run: 'Run',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel batch',
  'retry-failed': 'Retry failed payments',
};
