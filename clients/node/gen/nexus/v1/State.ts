// Original file: ../../proto/nexus/v1/interaction.proto

export const State = {
  STATE_UNSPECIFIED: 'STATE_UNSPECIFIED',
  STATE_NEW: 'STATE_NEW',
  STATE_AUTOMATED: 'STATE_AUTOMATED',
  STATE_QUEUED: 'STATE_QUEUED',
  STATE_OFFERED: 'STATE_OFFERED',
  STATE_ACTIVE: 'STATE_ACTIVE',
  STATE_WAITING: 'STATE_WAITING',
  STATE_SNOOZED: 'STATE_SNOOZED',
  STATE_WRAP_UP: 'STATE_WRAP_UP',
  STATE_COMPLETED: 'STATE_COMPLETED',
} as const;

export type State =
  | 'STATE_UNSPECIFIED'
  | 0
  | 'STATE_NEW'
  | 1
  | 'STATE_AUTOMATED'
  | 2
  | 'STATE_QUEUED'
  | 3
  | 'STATE_OFFERED'
  | 4
  | 'STATE_ACTIVE'
  | 5
  | 'STATE_WAITING'
  | 6
  | 'STATE_SNOOZED'
  | 7
  | 'STATE_WRAP_UP'
  | 8
  | 'STATE_COMPLETED'
  | 9

export type State__Output = typeof State[keyof typeof State]
