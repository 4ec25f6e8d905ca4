// Route matching: exact paths, {name} segments with their values, 404/405 and the route list.
#include "http/router.h"

#include <gtest/gtest.h>

namespace leerrecht::http {
namespace {

Request Make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.target = r.path;
  return r;
}

Router Sample() {
  Router router;
  router.Add("GET", "/api/v1/zaken", [](const Request&) { return Response::Text(200, "lijst"); });
  router.Add("GET", "/api/v1/zaken/nieuw", [](const Request&) { return Response::Text(200, "exact"); });
  router.Add("GET", "/api/v1/zaken/{id}", [](const Request& r) {
    return Response::Text(200, "zaak " + std::string(r.Param("id")));
  });
  router.Add("POST", "/api/v1/zaken/{id}/notities/{nr}", [](const Request& r) {
    return Response::Text(201, std::string(r.Param("id")) + "/" + std::string(r.Param("nr")));
  });
  return router;
}

TEST(RouterTest, PatternSegmentsReachTheHandler) {
  const Router router = Sample();
  EXPECT_EQ(router.Dispatch(Make("GET", "/api/v1/zaken/12")).body, "zaak 12");
  const Response two = router.Dispatch(Make("POST", "/api/v1/zaken/7/notities/3"));
  EXPECT_EQ(two.status, 201);
  EXPECT_EQ(two.body, "7/3");
}

TEST(RouterTest, ExactPathWinsOverAPattern) {
  EXPECT_EQ(Sample().Dispatch(Make("GET", "/api/v1/zaken/nieuw")).body, "exact");
  EXPECT_EQ(Sample().Dispatch(Make("GET", "/api/v1/zaken")).body, "lijst");
}

TEST(RouterTest, EmptyOrExtraSegmentsDoNotMatch) {
  const Router router = Sample();
  EXPECT_EQ(router.Dispatch(Make("GET", "/api/v1/zaken/")).status, 404);
  EXPECT_EQ(router.Dispatch(Make("GET", "/api/v1/zaken/1/2")).status, 404);
  EXPECT_EQ(router.Dispatch(Make("GET", "/api/v1/zaken//notities/1")).status, 404);
}

TEST(RouterTest, OtherMethodOnAPatternIs405WithAllow) {
  const Response r = Sample().Dispatch(Make("DELETE", "/api/v1/zaken/5"));
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET, HEAD");
  EXPECT_EQ(Sample().Dispatch(Make("HEAD", "/api/v1/zaken/5")).body, "");
}

TEST(RouterTest, RoutesListsPatternsAsRegistered) {
  const auto routes = Sample().Routes();
  const std::pair<std::string, std::string> expected{"GET", "/api/v1/zaken/{id}"};
  EXPECT_NE(std::find(routes.begin(), routes.end(), expected), routes.end());
  EXPECT_EQ(routes.size(), 4u);
}

}  // namespace
}  // namespace leerrecht::http
