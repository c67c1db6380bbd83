#pragma once
// Small helpers for building and pruning finding lists inside the engine.
#include <string>
#include <vector>

#include "cxjf/finding.hpp"

namespace cxjf {

inline Finding error_finding(std::string rule, std::string variant, std::string path, std::vector<Param> params = {}) {
    Finding f;
    f.rule = std::move(rule);
    f.variant = std::move(variant);
    f.severity = Severity::error;
    f.path = std::move(path);
    f.params = std::move(params);
    return f;
}

// Removes the findings whose flag is set, keeping the order of the others.
inline void remove_flagged(std::vector<Finding>& findings, const std::vector<bool>& drop) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        if (drop[i]) continue;
        if (kept != i) findings[kept] = std::move(findings[i]);
        ++kept;
    }
    findings.resize(kept);
}

}  // namespace cxjf
