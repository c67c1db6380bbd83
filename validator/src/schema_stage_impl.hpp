#pragma once
// What SchemaStage holds: the parsed schema (built in schema_load.cpp, used in schema_stage.cpp).
#include <valijson/schema.hpp>

#include "schema_stage.hpp"

namespace cxjf {

struct SchemaStage::Impl {
    valijson::Schema schema;
};

}  // namespace cxjf
