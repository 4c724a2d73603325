// Original file: ../../proto/nexus/v1/webhook_service.proto


export interface ListWebhooksRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListWebhooksRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
}
