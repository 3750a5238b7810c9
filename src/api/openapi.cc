// The OpenAPI 3 document, generated from the router's own table so that it
// cannot drift from the routes; openapi_test.cc checks the two agree and
// that every route is described.
#include "api/api.h"
#include "core/text.h"

namespace backcoach {

namespace {

json ErrorSchema() {
  return {
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", {"code", "message"}},
          {"properties", {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}};
}

// A motion definition on an exercise card (docs/motion.md); the fields the
// browser draws from are spelled out, the camera coach's rules left open.
json MotionSchema() {
  const json number = {{"type", "number"}};
  return {{"type", "object"},
          {"nullable", true},
          {"description",
           "How the exercise moves (content/motions.yaml), or null when it keeps its illustration "
           "and words"},
          {"required", {"exercise", "view", "cycle", "keyframes", "phases", "settings"}},
          {"properties",
           {{"exercise", {{"type", "string"}}},
            {"view", {{"type", "string"}, {"enum", {"side", "front"}}}},
            {"cycle", {{"type", "boolean"}}},
            {"keyframes",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"name", {{"type", "string"}}},
                  {"points",
                   {{"type", "array"},
                    {"description", "the 17 COCO joints in order, each [x, y] in a unit box"},
                    {"items", {{"type", "array"}, {"items", number}}}}}}}}}}},
            {"phases",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"name", {{"type", "string"}}},
                  {"to", {{"type", "string"}}},
                  {"seconds", number},
                  {"dose_hold", {{"type", "boolean"}}}}}}}}},
            {"camera", {{"type", "object"}}},
            {"camera_note", {{"type", "string"}}},
            {"settings", {{"type", "object"}}}}}};
}

// What the camera coach measured of one exercise of a session log
// (docs/progress.md).
json CoachSchema() {
  const json count = {{"type", "integer"}, {"minimum", 0}, {"maximum", 500}};
  return {{"type", "object"},
          {"required", {"reps_done", "reps_prescribed"}},
          {"additionalProperties", false},
          {"properties",
           {{"reps_done", count},
            {"reps_prescribed", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}}},
            {"hold_seconds",
             {{"type", "array"},
              {"maxItems", 500},
              {"items", {{"type", "number"}, {"minimum", 0}, {"maximum", 600}}}}},
            {"findings",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"required", {"id", "count"}},
                {"properties", {{"id", {{"type", "string"}}}, {"count", count}}}}}}}}}};
}

// The routes whose bodies carry these: an exercise card's motion, a
// logged exercise's coach measurement.
void DescribeBodies(const http::Route& route, json& op) {
  const std::string today = "/api/v1/patients/{id}/today";
  const std::string sessions = "/api/v1/patients/{id}/sessions";
  const json card = {
      {"type", "object"},
      {"properties",
       {{"motion", {{"$ref", "#/components/schemas/MotionDefinition"}}},
        {"coach_note",
         {{"type", "string"},
          {"nullable", true},
          {"description",
           "why the camera coach does not cover the exercise, in plain words; null when it "
           "does"}}}}}};
  if (route.method == "GET" && route.pattern == today) {
    op["responses"]["200"]["content"] = {
        {"application/json",
         {{"schema",
           {{"type", "object"},
            {"properties",
             {{"exercises", {{"type", "array"}, {"items", card}}},
              {"bad_day_session", {{"type", "array"}, {"items", card}}}}}}}}}};
  }
  if (route.method == "POST" && route.pattern == sessions) {
    op["requestBody"]["content"]["application/json"]["schema"] = {
        {"type", "object"},
        {"properties",
         {{"exercises",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties", {{"coach", {{"$ref", "#/components/schemas/CoachMeasure"}}}}}}}}}}}};
  }
}

// A list route's `limit` and `cursor`, and the `next_cursor` of its answer
// (api/paging.h, docs/api.md "Pages").
void DescribePaging(json& op, PageSize size, const std::string& items, const std::string& order) {
  json& params = op["parameters"];
  if (!params.is_array()) params = json::array();
  params.push_back(
      {{"name", "limit"},
       {"in", "query"},
       {"required", false},
       {"description", "How many entries a page holds at most: " + std::to_string(size.fallback) +
                           " when absent; a larger number than " + std::to_string(size.max) +
                           " is taken as " + std::to_string(size.max) +
                           "; anything but a whole number from 1 is refused (400)"},
       {"schema",
        {{"type", "integer"},
         {"minimum", 1},
         {"default", size.fallback},
         {"x-maximum", size.max}}}});
  params.push_back({{"name", "cursor"},
                    {"in", "query"},
                    {"required", false},
                    {"description",
                     "The next_cursor of the page before, as it was given (opaque); absent for "
                     "the first page. One this list did not give out is refused (400)"},
                    {"schema", {{"type", "string"}}}});
  op["x-page-order"] = order;
  op["responses"]["200"]["content"]["application/json"]["schema"] = {
      {"type", "object"},
      {"required", {items, "next_cursor"}},
      {"properties",
       {{items, {{"type", "array"}, {"items", {{"type", "object"}}}, {"description", order}}},
        {"next_cursor",
         {{"type", "string"},
          {"nullable", true},
          {"description", "Pass as ?cursor= for the next page; null on the last page"}}}}}};
}

std::string OpenApiPath(const http::Route& route) {
  return route.pattern;  // {name} parameters are already OpenAPI's form
}

json Operation(const http::Route& route, Access access) {
  json op = {
      {"summary", route.info.summary},
      {"x-access", AccessCallers(access)},
      {"responses",
       {{"200", {{"description", "OK"}}},
        {"default",
         {{
              "description",
              "An error",
          },
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}};
  if (access != Access::kPublic) {
    op["security"] = json::array({{{"session", json::array()}}, {{"bearer", json::array()}}});
  }
  json params = json::array();
  for (const auto& segment : route.segments) {
    if (segment.size() > 2 && segment.front() == '{') {
      params.push_back({{"name", segment.substr(1, segment.size() - 2)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
  }
  if (!params.empty()) op["parameters"] = params;
  if (route.method == "POST" && route.info.body_type.empty()) {
    op["requestBody"] = {{"required", false},
                         {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  } else if (route.method == "POST") {
    // A file sent as it is; the limit is the route's own.
    op["requestBody"] = {{"required", true},
                         {"content", {{route.info.body_type, {{"schema", {{"type", "string"}}}}}}}};
    op["x-max-body-bytes"] = route.info.max_body_bytes;
  }
  DescribeBodies(route, op);
  return op;
}

}  // namespace

json Api::OpenApi(const http::Router& router) const {
  json paths = json::object();
  for (const auto& route : router.routes()) {
    const RouteAccess* access = AccessOf(route);
    // A route added to the router directly, not through the route table,
    // is documented as the server answers it: to anyone.
    json op = Operation(route, access != nullptr ? access->access : Access::kPublic);
    if (auto paged = paged_.find(route.method + " " + route.pattern); paged != paged_.end()) {
      DescribePaging(op, paged->second.size, paged->second.items, paged->second.order);
    }
    paths[OpenApiPath(route)][LowerAscii(route.method)] = std::move(op);
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "backcoach API"},
            {"version", "1"},
            {"description",
             "Screening, individual exercise plans, pain-monitored progression, and the "
             "clinicians who look after the people using them. Writes authenticated by cookie "
             "need the X-CSRF-Token header from /api/v1/me or the sign-in answer."}}},
          {"paths", paths},
          {"components",
           {{"schemas",
             {{"Error", ErrorSchema()},
              {"MotionDefinition", MotionSchema()},
              {"CoachMeasure", CoachSchema()}}},
            {"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}},
              {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace backcoach
