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
#include <napi.h>
