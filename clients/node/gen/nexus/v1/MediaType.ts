// Original file: ../../proto/nexus/v1/interaction.proto

export const MediaType = {
  MEDIA_TYPE_UNSPECIFIED: 'MEDIA_TYPE_UNSPECIFIED',
  MEDIA_TYPE_CHAT: 'MEDIA_TYPE_CHAT',
  MEDIA_TYPE_EMAIL: 'MEDIA_TYPE_EMAIL',
  MEDIA_TYPE_SMS: 'MEDIA_TYPE_SMS',
  MEDIA_TYPE_THIRD_PARTY: 'MEDIA_TYPE_THIRD_PARTY',
} as const;

export type MediaType =
  | 'MEDIA_TYPE_UNSPECIFIED'
  | 0
  | 'MEDIA_TYPE_CHAT'
  | 1
  | 'MEDIA_TYPE_EMAIL'
  | 2
  | 'MEDIA_TYPE_SMS'
  | 3
  | 'MEDIA_TYPE_THIRD_PARTY'
  | 4

export type MediaType__Output = typeof MediaType[keyof typeof MediaType]
