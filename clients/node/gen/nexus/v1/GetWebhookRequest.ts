// Original file: ../../proto/nexus/v1/webhook_service.proto


export interface GetWebhookRequest {
  'name'?: (string);
}

export interface GetWebhookRequest__Output {
  'name': (string);
}
