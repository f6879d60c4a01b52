#include "http/router.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

#include "http/api_error.hpp"
#include "http/responses.hpp"

namespace dms::http {
namespace {

Handler answer(std::function<nlohmann::json(const RequestContext&)> body) {
    return [body = std::move(body)](const RequestContext& context) -> Awaitable<Response> {
        co_return json_response(context.request(), Status::ok, body(context));
    };
}

// A router with a few routes that echo what they were given; the operator token is "secret".
class RouterTest : public ::testing::Test {
 protected:
    RouterTest() : router_([](std::string_view token) { return token == "secret"; }) {
        router_.add({Verb::get, "/items/{id}", Access::anyone, "read", answer([](const RequestContext& c) {
                         return nlohmann::json{{"id", c.path_param("id")}};
                     })});
        router_.add({Verb::delete_, "/items/{id}", Access::anyone, "delete", answer([](const RequestContext&) {
                         return nlohmann::json{{"deleted", true}};
                     })});
        router_.add({Verb::get, "/search", Access::anyone, "search", answer([](const RequestContext& c) {
                         nlohmann::json pairs = nlohmann::json::array();
                         for (const auto& [k, v] : c.query()) pairs.push_back({k, v});
                         return nlohmann::json{{"q", c.query_param("q").value_or("")}, {"pairs", pairs}};
                     })});
        router_.add({Verb::post, "/body", Access::anyone, "body",
                     answer([](const RequestContext& c) { return c.json_object_body(); })});
        router_.add(
            {Verb::post, "/admin/{user}/block", Access::operator_only, "admin", answer([](const RequestContext& c) {
                 return nlohmann::json{{"user", c.path_param("user")}};
             })});
        router_.add(
            {Verb::get, "/throws/unexpected", Access::anyone, "boom", [](const RequestContext&) -> Awaitable<Response> {
                 throw std::runtime_error("secret internals");
                 co_return Response{};
             }});
        router_.add({Verb::get, "/throws/conflict", Access::anyone, "conflict",
                     [](const RequestContext&) -> Awaitable<Response> {
                         throw ApiError(Status::conflict, "illegal_transition", "no");
                         co_return Response{};
                     }});
    }

    Response call(Verb verb, std::string target, std::string body = "",
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
        Request request{verb, target, 11};
        for (const auto& [name, value] : headers) request.set(name, value);
        request.body() = body;
        request.prepare_payload();
        boost::asio::io_context io;
        auto future = boost::asio::co_spawn(io, router_.dispatch(request), boost::asio::use_future);
        io.run();
        return future.get();
    }

    static nlohmann::json json(const Response& response) { return nlohmann::json::parse(response.body()); }
    static std::string code(const Response& response) { return json(response)["error"]["code"]; }

    Router router_;
};

TEST_F(RouterTest, MatchesARouteAndDecodesItsPathParameter) {
    Response response = call(Verb::get, "/items/a%20b%2Fc");
    ASSERT_EQ(response.result(), Status::ok) << response.body();
    EXPECT_EQ(json(response)["id"], "a b/c");
    EXPECT_EQ(response[beast_http::field::content_type], "application/json");
}

TEST_F(RouterTest, UnknownPathIs404InTheErrorModel) {
    for (std::string target : {"/nothing", "/items", "/items/", "/items/x/y", "/items/x/"}) {
        Response response = call(Verb::get, target);
        EXPECT_EQ(response.result(), Status::not_found) << target;
        auto body = json(response);
        EXPECT_EQ(body["error"]["code"], "not_found") << target;
        EXPECT_TRUE(body["error"]["message"].is_string()) << target;
    }
}

TEST_F(RouterTest, WrongMethodIs405WithAllowListingTheMethodsThePathTakes) {
    Response response = call(Verb::put, "/items/7");
    ASSERT_EQ(response.result(), Status::method_not_allowed);
    EXPECT_EQ(code(response), "method_not_allowed");
    EXPECT_EQ(response[beast_http::field::allow], "GET, DELETE");
    Response post = call(Verb::get, "/body");
    EXPECT_EQ(post.result(), Status::method_not_allowed);
    EXPECT_EQ(post[beast_http::field::allow], "POST");
}

TEST_F(RouterTest, OperatorRoutesNeedTheRightToken) {
    Response missing = call(Verb::post, "/admin/u1/block");
    EXPECT_EQ(missing.result(), Status::unauthorized);
    EXPECT_EQ(code(missing), "unauthorized");
    Response wrong = call(Verb::post, "/admin/u1/block", "", {{"X-Operator-Token", "guess"}});
    EXPECT_EQ(wrong.result(), Status::unauthorized);
    Response empty = call(Verb::post, "/admin/u1/block", "", {{"X-Operator-Token", ""}});
    EXPECT_EQ(empty.result(), Status::unauthorized);
    Response right = call(Verb::post, "/admin/u1/block", "", {{"x-operator-token", "secret"}});
    ASSERT_EQ(right.result(), Status::ok) << right.body();
    EXPECT_EQ(json(right)["user"], "u1");
}

TEST_F(RouterTest, WrongMethodOnAnOperatorRouteIs405NotA401) {
    EXPECT_EQ(call(Verb::get, "/admin/u1/block").result(), Status::method_not_allowed);
}

TEST_F(RouterTest, QueryParametersAreDecodedInOrder) {
    Response response = call(Verb::get, "/search?q=a%20b%26c&x=1&y=%C3%A9");
    ASSERT_EQ(response.result(), Status::ok) << response.body();
    auto body = json(response);
    EXPECT_EQ(body["q"], "a b&c");
    EXPECT_EQ(body["pairs"], nlohmann::json::parse(R"([["q","a b&c"],["x","1"],["y","\u00e9"]])"));
}

TEST_F(RouterTest, AQueryParameterGivenTwiceIs400) {
    Response response = call(Verb::get, "/search?q=1&q=2");
    EXPECT_EQ(response.result(), Status::bad_request);
    EXPECT_EQ(code(response), "bad_request");
    EXPECT_NE(json(response)["error"]["message"].get<std::string>().find("'q'"), std::string::npos);
}

TEST_F(RouterTest, ATargetThatIsNotAPathIs400) {
    for (std::string target : {"*", "items", "http://example.com/items/1"}) {
        Response response = call(Verb::get, target);
        EXPECT_EQ(response.result(), Status::bad_request) << target;
        EXPECT_EQ(code(response), "bad_request") << target;
    }
}

TEST_F(RouterTest, BodyThatIsNotAJsonObjectIs400) {
    EXPECT_EQ(call(Verb::post, "/body", "{not json").result(), Status::bad_request);
    EXPECT_EQ(call(Verb::post, "/body", "[1,2]").result(), Status::bad_request);
    Response ok = call(Verb::post, "/body", R"({"a":1})");
    ASSERT_EQ(ok.result(), Status::ok);
    EXPECT_EQ(json(ok)["a"], 1);
}

TEST_F(RouterTest, AnUnexpectedHandlerErrorIs500WithoutItsDetails) {
    Response response = call(Verb::get, "/throws/unexpected");
    EXPECT_EQ(response.result(), Status::internal_server_error);
    EXPECT_EQ(code(response), "internal");
    EXPECT_EQ(response.body().find("secret internals"), std::string::npos);
}

TEST_F(RouterTest, AnApiErrorKeepsItsStatusAndCode) {
    Response response = call(Verb::get, "/throws/conflict");
    EXPECT_EQ(response.result(), Status::conflict);
    EXPECT_EQ(code(response), "illegal_transition");
}

TEST_F(RouterTest, KeepsTheRouteTableInOrder) {
    ASSERT_EQ(router_.routes().size(), 7u);
    EXPECT_EQ(router_.routes()[0].path, "/items/{id}");
    EXPECT_EQ(router_.routes()[4].access, Access::operator_only);
}

// An exception type the application knows how to answer, like the store's failure.
class Unavailable : public std::runtime_error {
 public:
    Unavailable() : std::runtime_error("disk gone") {}
};

TEST_F(RouterTest, TheExceptionMapperAnswersWhatItKnowsAndLeavesTheRestA500) {
    router_.add({Verb::get, "/throws/unavailable", Access::anyone, "unavailable",
                 [](const RequestContext&) -> Awaitable<Response> {
                     throw Unavailable();
                     co_return Response{};
                 }});
    int mapped = 0;
    router_.map_exceptions([&mapped](const std::exception& error) -> std::optional<ApiError> {
        if (dynamic_cast<const Unavailable*>(&error) == nullptr) return std::nullopt;
        ++mapped;
        return ApiError(Status::service_unavailable, "store_unavailable", "try later");
    });
    Response response = call(Verb::get, "/throws/unavailable");
    EXPECT_EQ(response.result(), Status::service_unavailable);
    EXPECT_EQ(code(response), "store_unavailable");
    EXPECT_EQ(mapped, 1);
    EXPECT_EQ(call(Verb::get, "/throws/unexpected").result(), Status::internal_server_error);
    EXPECT_EQ(mapped, 1);
}

TEST_F(RouterTest, TellsWhichRouteTookTheRequestAndPassesItsId) {
    router_.add({Verb::get, "/whoami", Access::anyone, "id", answer([](const RequestContext& c) {
                     return nlohmann::json{{"request_id", c.request_id()}};
                 })});
    auto dispatch = [&](Verb verb, std::string target, std::size_t& route) {
        Request request{verb, target, 11};
        boost::asio::io_context io;
        auto future = boost::asio::co_spawn(io, router_.dispatch(request, "rid-1", &route), boost::asio::use_future);
        io.run();
        return future.get();
    };
    std::size_t route = 0;
    Response response = dispatch(Verb::get, "/whoami", route);
    EXPECT_EQ(json(response)["request_id"], "rid-1");
    EXPECT_EQ(route, router_.routes().size() - 1);
    dispatch(Verb::delete_, "/items/7", route);
    EXPECT_EQ(route, 1u);
    // A refused token still names the route; no route at all, or not for this method, names none.
    EXPECT_EQ(dispatch(Verb::post, "/admin/bob/block", route).result(), Status::unauthorized);
    EXPECT_EQ(route, 4u);
    EXPECT_EQ(dispatch(Verb::get, "/nothing", route).result(), Status::not_found);
    EXPECT_EQ(route, Router::kNoRoute);
    EXPECT_EQ(dispatch(Verb::put, "/items/7", route).result(), Status::method_not_allowed);
    EXPECT_EQ(route, Router::kNoRoute);
}

TEST(RouterCompileTest, RejectsARoutePathWithoutLeadingSlash) {
    Router router([](std::string_view) { return false; });
    EXPECT_THROW(router.add({Verb::get, "items", Access::anyone, "", {}}), std::invalid_argument);
}

}  // namespace
}  // namespace dms::http
