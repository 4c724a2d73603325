// Original file: ../../proto/nexus/v1/interaction.proto

export const ReadStatus = {
  READ_STATUS_UNSPECIFIED: 'READ_STATUS_UNSPECIFIED',
  READ_STATUS_READ: 'READ_STATUS_READ',
  READ_STATUS_UNREAD: 'READ_STATUS_UNREAD',
} as const;

export type ReadStatus =
  | 'READ_STATUS_UNSPECIFIED'
  | 0
  | 'READ_STATUS_READ'
  | 1
  | 'READ_STATUS_UNREAD'
  | 2

export type ReadStatus__Output = typeof ReadStatus[keyof typeof ReadStatus]
