// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface GetInteractionRequest {
  'name'?: (string);
}

export interface GetInteractionRequest__Output {
  'name': (string);
}
