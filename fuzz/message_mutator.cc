#include "fuzz/message_mutator.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace huikuan::fuzz {
namespace {

namespace protobuf = google::protobuf;

const std::vector<std::string>& InterestingStrings() {
  static const auto* const values = new std::vector<std::string>{
      "",
      " ",
      "   ",
      "\t",
      std::string("a\0b", 3),
      "\x07",
      "x",
      "0",
      "-1",
      "1.005",
      "1234.56",
      "customers/1",
      "customers/2",
      "customers/0",
      "customers/-1",
      "customers/abc",
      "customers/1/x",
      "customers/99999999999999999999",
      "invoices/1",
      "payments/1",
      "users/1",
      "users/2",
      "statements/1",
      "termPolicies/1",
      "creditApplications/1",
      "writeOffs/1",
      "lateFees/1",
      "tokens/1",
      "2024-02-29",
      "2023-02-29",
      "2024-13-01",
      "1899-12-31",
      "2200-01-01",
      "2024-1-1",
      "2024-01",
      "2024-13",
      "0000-00",
      "sales_staff",
      "finance_head",
      "A",
      "D",
      "large",
      "industry_head",
      "on_hold",
      "INV-1-SO-1",
      "\xE2\x80\x8F\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",      // RTL mark + Hebrew
      "\xF0\x9F\x98\x80\xF0\x9F\x92\xB0",                  // 4-byte emoji
      "\xE5\x8D\x8E\xE4\xB8\x9C\xE6\x9C\xBA\xE6\xA2\xB0",  // 华东机械
      "'; DROP TABLE customers; --",
      "\\",
      "\"",
      "%",
      "_",
      std::string(200, 'x'),
      std::string(201, 'y'),
      std::string(10 * 1024, 'z')};
  return *values;
}

template <typename T>
T Boundary(std::mt19937_64& random) {
  const T values[] = {0,
                      1,
                      2,
                      static_cast<T>(-1),
                      100,
                      9999,
                      10000,
                      10001,
                      std::numeric_limits<T>::max(),
                      std::numeric_limits<T>::min(),
                      static_cast<T>(random())};
  return values[random() % (sizeof(values) / sizeof(values[0]))];
}

std::string MutateString(const std::string& current, std::mt19937_64& random) {
  const auto& interesting = InterestingStrings();
  switch (random() % 4) {
    case 0:
      return current + interesting[random() % interesting.size()];
    case 1:
      return current.empty() ? current : current.substr(0, random() % current.size());
    default:
      return interesting[random() % interesting.size()];
  }
}

int EnumValue(const protobuf::FieldDescriptor& field, std::mt19937_64& random) {
  const protobuf::EnumDescriptor& type = *field.enum_type();
  if (random() % 4 == 0) return static_cast<int>(random() % 7) - 1;  // maybe out of range
  return type.value(static_cast<int>(random() % type.value_count()))->number();
}

void SetSingular(protobuf::Message& message, const protobuf::FieldDescriptor& field,
                 std::mt19937_64& random) {
  const protobuf::Reflection& reflection = *message.GetReflection();
  switch (field.cpp_type()) {
    case protobuf::FieldDescriptor::CPPTYPE_STRING:
      if (field.type() == protobuf::FieldDescriptor::TYPE_BYTES) {
        reflection.SetString(&message, &field, std::string(random() % 64, char(random())));
      } else {
        reflection.SetString(&message, &field,
                             MutateString(reflection.GetString(message, &field), random));
      }
      break;
    case protobuf::FieldDescriptor::CPPTYPE_INT32:
      reflection.SetInt32(&message, &field, Boundary<int32_t>(random));
      break;
    case protobuf::FieldDescriptor::CPPTYPE_INT64:
      reflection.SetInt64(&message, &field, Boundary<int64_t>(random));
      break;
    case protobuf::FieldDescriptor::CPPTYPE_UINT32:
      reflection.SetUInt32(&message, &field, Boundary<uint32_t>(random));
      break;
    case protobuf::FieldDescriptor::CPPTYPE_UINT64:
      reflection.SetUInt64(&message, &field, Boundary<uint64_t>(random));
      break;
    case protobuf::FieldDescriptor::CPPTYPE_BOOL:
      reflection.SetBool(&message, &field, !reflection.GetBool(message, &field));
      break;
    case protobuf::FieldDescriptor::CPPTYPE_ENUM:
      reflection.SetEnumValue(&message, &field, EnumValue(field, random));
      break;
    case protobuf::FieldDescriptor::CPPTYPE_DOUBLE:
      reflection.SetDouble(&message, &field, static_cast<double>(Boundary<int64_t>(random)));
      break;
    case protobuf::FieldDescriptor::CPPTYPE_FLOAT:
      reflection.SetFloat(&message, &field, static_cast<float>(Boundary<int32_t>(random)));
      break;
    case protobuf::FieldDescriptor::CPPTYPE_MESSAGE:
      MutateMessage(*reflection.MutableMessage(&message, &field), random);
      break;
  }
}

void MutateRepeated(protobuf::Message& message, const protobuf::FieldDescriptor& field,
                    std::mt19937_64& random) {
  const protobuf::Reflection& reflection = *message.GetReflection();
  const int size = reflection.FieldSize(message, &field);
  switch (random() % 5) {
    case 0:
      reflection.ClearField(&message, &field);
      return;
    case 1:
      if (size > 0) reflection.RemoveLast(&message, &field);
      return;
    default:
      break;
  }
  if (field.cpp_type() == protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
    protobuf::Message* element =
        size > 0 && random() % 2 == 0
            ? reflection.MutableRepeatedMessage(&message, &field, static_cast<int>(random() % size))
            : reflection.AddMessage(&message, &field);
    MutateMessage(*element, random);
  } else if (field.cpp_type() == protobuf::FieldDescriptor::CPPTYPE_STRING) {
    reflection.AddString(&message, &field, MutateString("", random));
  } else if (field.cpp_type() == protobuf::FieldDescriptor::CPPTYPE_ENUM) {
    reflection.AddEnumValue(&message, &field, EnumValue(field, random));
  } else if (field.cpp_type() == protobuf::FieldDescriptor::CPPTYPE_INT64) {
    reflection.AddInt64(&message, &field, Boundary<int64_t>(random));
  } else if (field.cpp_type() == protobuf::FieldDescriptor::CPPTYPE_INT32) {
    reflection.AddInt32(&message, &field, Boundary<int32_t>(random));
  } else {
    reflection.ClearField(&message, &field);
  }
}

}  // namespace

void MutateMessage(protobuf::Message& message, std::mt19937_64& random) {
  const protobuf::Descriptor& type = *message.GetDescriptor();
  if (type.field_count() == 0) return;
  const protobuf::FieldDescriptor& field =
      *type.field(static_cast<int>(random() % type.field_count()));
  if (random() % 8 == 0) {
    message.GetReflection()->ClearField(&message, &field);
  } else if (field.is_repeated()) {
    MutateRepeated(message, field, random);
  } else {
    SetSingular(message, field, random);
  }
}

}  // namespace huikuan::fuzz
