#pragma once

#include <exception>
#include <memory>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>

#include "store/group_commit.hpp"

namespace dms::service {

// Queues a task for the next group commit as an Asio operation: the caller (a coroutine) is resumed on
// its own executor once the task is durable, with the stored task or the commit's exception.
template <class CompletionToken>
auto async_commit(store::GroupCommitter& committer, task::Task task, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(std::exception_ptr, task::Task)>(
        [&committer](auto handler, task::Task pending) {
            auto executor = boost::asio::get_associated_executor(handler);
            auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
            committer.enqueue(std::move(pending), [shared_handler, executor](std::exception_ptr error,
                                                                               const task::Task& stored) {
                boost::asio::post(executor, [shared_handler, error = std::move(error), stored]() mutable {
                    (*shared_handler)(error, std::move(stored));
                });
            });
        },
        token, std::move(task));
}

}  // namespace dms::service
