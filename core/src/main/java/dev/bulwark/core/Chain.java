package dev.bulwark.core;

/** A pipeline link usable from both the synchronous and the asynchronous path. */
interface Chain extends Policy.Next, Policy.AsyncNext {}
