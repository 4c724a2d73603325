// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface MarkMessageReadRequest {
  'name'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface MarkMessageReadRequest__Output {
  'name': (string);
  'requestId': (string);
  'actor': (string);
}
