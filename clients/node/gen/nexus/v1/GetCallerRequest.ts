// Original file: ../../proto/nexus/v1/access_service.proto


export interface GetCallerRequest {
}

export interface GetCallerRequest__Output {
}
