// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface GetMessageRequest {
  'name'?: (string);
}

export interface GetMessageRequest__Output {
  'name': (string);
}
