// Original file: ../../proto/nexus/v1/webhook_service.proto


export interface DeleteWebhookRequest {
  'name'?: (string);
  'etag'?: (string);
}

export interface DeleteWebhookRequest__Output {
  'name': (string);
  'etag': (string);
}
