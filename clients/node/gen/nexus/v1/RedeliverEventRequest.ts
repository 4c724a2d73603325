// Original file: ../../proto/nexus/v1/webhook_service.proto


export interface RedeliverEventRequest {
  'name'?: (string);
  'eventId'?: (string);
}

export interface RedeliverEventRequest__Output {
  'name': (string);
  'eventId': (string);
}
