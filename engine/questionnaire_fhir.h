// The pack's questionnaire as a FHIR R4 Questionnaire resource, and as plain text for a reader.
// Our readable keys become the standard extensions another FHIR tool understands.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "engine/questionnaire.h"

namespace hc {

// Extension and code system URLs used in the FHIR form (FHIR R4 core and SDC).
namespace fhir_url {
inline constexpr const char* kUnit = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
inline constexpr const char* kMinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
inline constexpr const char* kMaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
inline constexpr const char* kShortText = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-shortText";
inline constexpr const char* kItemControl = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
inline constexpr const char* kItemControlSystem = "http://hl7.org/fhir/questionnaire-item-control";
inline constexpr const char* kUcum = "http://unitsofmeasure.org";
// SDC 3.0 is the SDC release on FHIR R4: a reader can tell the FHIR version from the profile.
inline constexpr const char* kSdcProfile = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire|3.0";
}  // namespace fhir_url

// linkId of the help display item made for the item `link_id` ("<linkId>.help").
std::string help_link_id(const std::string& link_id);

// A FHIR R4 Questionnaire: meta.profile the SDC Questionnaire profile (SDC 3.0, on R4), subjectType
// Patient, url and version as written (its canonical is url|version), the items nested
// as in the pack, answerOption codings, enableWhen/enableBehavior as written, and
//   unit          -> questionnaire-unit (a UCUM coding where the unit is one: years, months, kg, %)
//   extension_min -> minValue, extension_max -> maxValue (valueInteger or valueDecimal)
//   shortText     -> sdc-questionnaire-shortText
//   help          -> a child display item "<linkId>.help" with itemControl "help"; the
//                    options' own help is added to it, one line per option.
// The UI-only hint `widget` has no FHIR meaning and is left out.
nlohmann::json questionnaire_to_fhir(const Questionnaire& q);

// The questionnaire for a reader: pages, questions with type, range, unit and options, and
// each enableWhen in words.
std::string questionnaire_to_text(const Questionnaire& q);

}  // namespace hc
