// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface AutomateInteractionRequest {
  'name'?: (string);
  'bot'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface AutomateInteractionRequest__Output {
  'name': (string);
  'bot': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
