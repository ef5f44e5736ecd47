// google.protobuf.Timestamp / Duration <-> absl::Time / absl::Duration.
#ifndef HUIKUAN_SERVER_SERVICE_PROTO_TIME_H_
#define HUIKUAN_SERVER_SERVICE_PROTO_TIME_H_

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"

namespace huikuan::service {

inline google::protobuf::Timestamp ToProtoTimestamp(absl::Time time) {
  google::protobuf::Timestamp proto;
  const int64_t micros = absl::ToUnixMicros(time);
  proto.set_seconds(micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000));
  proto.set_nanos(static_cast<int32_t>((micros - proto.seconds() * 1000000) * 1000));
  return proto;
}

inline absl::Time FromProtoTimestamp(const google::protobuf::Timestamp& proto) {
  return absl::FromUnixSeconds(proto.seconds()) + absl::Nanoseconds(proto.nanos());
}

inline absl::Duration FromProtoDuration(const google::protobuf::Duration& proto) {
  return absl::Seconds(proto.seconds()) + absl::Nanoseconds(proto.nanos());
}

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_PROTO_TIME_H_
