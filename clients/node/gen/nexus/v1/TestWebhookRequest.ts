// Original file: ../../proto/nexus/v1/webhook_service.proto


export interface TestWebhookRequest {
  'name'?: (string);
}

export interface TestWebhookRequest__Output {
  'name': (string);
}
