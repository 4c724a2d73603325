// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface GetTimerPolicyRequest {
  'name'?: (string);
}

export interface GetTimerPolicyRequest__Output {
  'name': (string);
}
