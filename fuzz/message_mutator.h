// A structure-aware mutation of a protobuf message for rpc_fuzz's custom mutator: most random
// byte edits of a serialized request no longer parse, so the handlers would mostly see the few
// inputs that do. This edits one field through reflection instead: a string set to an awkward
// value (resource names of every kind, near-valid dates and months, amounts as text, blanks,
// NUL, RTL marks, 4-byte emoji, 10 KB), an integer to a boundary, an enum to a value in or out of
// range, a repeated field grown, shrunk or cleared, a nested message edited in turn.
#ifndef HUIKUAN_FUZZ_MESSAGE_MUTATOR_H_
#define HUIKUAN_FUZZ_MESSAGE_MUTATOR_H_

#include <google/protobuf/message.h>

#include <random>

namespace huikuan::fuzz {

// Changes one field of `message` (possibly nested); the result always serializes to valid UTF-8.
void MutateMessage(google::protobuf::Message& message, std::mt19937_64& random);

}  // namespace huikuan::fuzz

#endif  // HUIKUAN_FUZZ_MESSAGE_MUTATOR_H_
