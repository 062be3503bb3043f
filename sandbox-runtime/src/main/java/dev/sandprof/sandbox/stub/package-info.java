/**
 * What the host's generated benchmark stubs implement and call: the one package of the runtime's
 * module that user code's loaders can see. Its types hold no reference to the runtime.
 */
package dev.sandprof.sandbox.stub;
