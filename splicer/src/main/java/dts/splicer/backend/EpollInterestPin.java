package dts.splicer.backend;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollIoOps;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Works around a Netty 4.2.18 epoll defect that truncates half-closed relays: after EPOLLRDHUP,
 * with auto-read off and no write pending, a channel's interest ops become NONE, which
 * EpollIoHandler turns into EPOLL_CTL_DEL while keeping the registration "added"; the next read()
 * or blocked write (EPOLLOUT) then does EPOLL_CTL_MOD and fails with ENOENT. Adding EPOLLERR to the
 * channel's ops (epoll reports it whether asked or not, so events are unchanged) keeps the ops from
 * ever being NONE. Netty exposes no API for it (EpollSocketChannel is final; setFlag is protected),
 * hence one reflective call; if that is unavailable the pin is skipped and {@link #pin} says so.
 */
final class EpollInterestPin {
    private static final MethodHandle SET_FLAG = lookup();

    private EpollInterestPin() {}

    private static MethodHandle lookup() {
        try {
            Class<?> c = Class.forName("io.netty.channel.epoll.AbstractEpollChannel");
            var m = c.getDeclaredMethod("setFlag", int.class);
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(void.class, Channel.class, int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Pins EPOLLERR in the channel's interest ops; call on its event loop, or before it is registered. */
    static boolean pin(Channel ch) {
        if (SET_FLAG == null) return false;
        try {
            SET_FLAG.invokeExact(ch, EpollIoOps.EPOLLERR.value());
            return true;
        } catch (Throwable t) {
            return false;
        }
    }
}
