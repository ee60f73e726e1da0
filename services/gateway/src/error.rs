use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use liveroom_protocol::ErrorCode;
use serde_json::json;

/// An HTTP API error: an HTTP status plus a liveroom error code and message, rendered as
/// `{"code": N, "message": "..."}`.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// liveroom code.
    pub code: ErrorCode,
    /// Detail.
    pub message: String,
}

impl ApiError {
    /// An error with the code's HTTP status and default message.
    pub fn code(code: ErrorCode) -> Self {
        Self::with(code, code.default_message())
    }

    /// An error with the code's HTTP status and a custom message.
    pub fn with(code: ErrorCode, message: impl Into<String>) -> Self {
        let status = match code {
            ErrorCode::RoomNotFound | ErrorCode::StreamNotLive | ErrorCode::ResourceNotFound => StatusCode::NOT_FOUND,
            ErrorCode::AlreadyPublishing => StatusCode::CONFLICT,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::PermissionDenied | ErrorCode::StreamIdNotOwn | ErrorCode::PublishNotAllowed => {
                StatusCode::FORBIDDEN
            }
            ErrorCode::QuotaExceeded => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RoomIdTaken | ErrorCode::RoomExistsOwned => StatusCode::CONFLICT,
            ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            c if (70000..71000).contains(&c.value()) => StatusCode::UNAUTHORIZED,
            _ => StatusCode::BAD_REQUEST,
        };
        Self { status, code, message: message.into() }
    }

    /// The same error under another HTTP status.
    pub fn with_status(self, status: StatusCode) -> Self {
        Self { status, ..self }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(json!({ "code": self.code, "message": self.message }))
    }
}

pub(crate) fn json_error(err: actix_web::error::JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::with(ErrorCode::InvalidParameter, format!("invalid JSON body: {err}")).into()
}

pub(crate) fn query_error(err: actix_web::error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::with(ErrorCode::InvalidParameter, format!("invalid query: {err}")).into()
}
