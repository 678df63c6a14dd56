// The one include for node-addon-api, with the exception settings torch-node relies on.
#pragma once
#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#ifndef NODE_ADDON_API_CPP_EXCEPTIONS
#define NODE_ADDON_API_CPP_EXCEPTIONS
#endif
#ifndef NODE_ADDON_API_CPP_EXCEPTIONS_ALL
#define NODE_ADDON_API_CPP_EXCEPTIONS_ALL
#endif
// A Node-API call made while the environment terminates (worker.terminate(), process.exit()) fails; without this,
// node-addon-api turns the failure into a C++ exception thrown from its own handler, which aborts the process.
#ifndef NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS
#define NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS
#endif
#include <napi.h>
