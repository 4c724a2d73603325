// Original file: ../../proto/nexus/v1/webhook_service.proto


export interface RecoverDeliveriesResponse {
  'recoveredCount'?: (number);
}

export interface RecoverDeliveriesResponse__Output {
  'recoveredCount': (number);
}
