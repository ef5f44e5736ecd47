// Errors as the server sends them: a Connect code, a message, and google.rpc.BadRequest field
// violations (decoded from the error details with the generated schema).
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "../gen/google/rpc/error_details_pb";

export interface FieldViolation {
  field: string;
  description: string;
}

export interface ApiError {
  code: string; // "invalid_argument", ...
  message: string;
  violations: FieldViolation[];
}

export function toApiError(error: unknown): ApiError {
  const connect = ConnectError.from(error);
  const violations: FieldViolation[] = [];
  for (const badRequest of connect.findDetails(BadRequestSchema)) {
    for (const v of badRequest.fieldViolations) {
      violations.push({ field: v.field, description: v.description });
    }
  }
  const code = Code[connect.code] ?? "Unknown";
  // "InvalidArgument" -> "invalid_argument", the names the server and the locales use.
  const snake = code.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  return { code: snake, message: connect.rawMessage, violations };
}

export function isUnauthenticated(error: unknown): boolean {
  return ConnectError.from(error).code === Code.Unauthenticated;
}
