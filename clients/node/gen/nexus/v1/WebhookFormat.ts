// Original file: ../../proto/nexus/v1/webhook.proto

export const WebhookFormat = {
  WEBHOOK_FORMAT_UNSPECIFIED: 'WEBHOOK_FORMAT_UNSPECIFIED',
  WEBHOOK_FORMAT_STANDARD: 'WEBHOOK_FORMAT_STANDARD',
  WEBHOOK_FORMAT_GENESYS: 'WEBHOOK_FORMAT_GENESYS',
} as const;

export type WebhookFormat =
  | 'WEBHOOK_FORMAT_UNSPECIFIED'
  | 0
  | 'WEBHOOK_FORMAT_STANDARD'
  | 1
  | 'WEBHOOK_FORMAT_GENESYS'
  | 2

export type WebhookFormat__Output = typeof WebhookFormat[keyof typeof WebhookFormat]
