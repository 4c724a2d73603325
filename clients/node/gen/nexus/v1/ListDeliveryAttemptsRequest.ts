// Original file: ../../proto/nexus/v1/webhook_service.proto


export interface ListDeliveryAttemptsRequest {
  'parent'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListDeliveryAttemptsRequest__Output {
  'parent': (string);
  'pageSize': (number);
  'pageToken': (string);
}
