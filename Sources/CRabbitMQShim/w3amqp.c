// See w3amqp.h. Every function runs on the one thread that owns the connection (rabbitmq-c is not
// thread-safe); the Swift side guarantees that.
#include "w3amqp.h"
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

struct w3_conn {
    amqp_connection_state_t state;
};

static void set_err(char *err, size_t len, const char *what, amqp_rpc_reply_t r) {
    if (!err || !len) return;
    switch (r.reply_type) {
    case AMQP_RESPONSE_NORMAL: snprintf(err, len, "%s: ok", what); break;
    case AMQP_RESPONSE_NONE: snprintf(err, len, "%s: missing reply", what); break;
    case AMQP_RESPONSE_LIBRARY_EXCEPTION: snprintf(err, len, "%s: %s", what, amqp_error_string2(r.library_error)); break;
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
            amqp_connection_close_t *m = (amqp_connection_close_t *)r.reply.decoded;
            snprintf(err, len, "%s: connection closed %u %.*s", what, m->reply_code, (int)m->reply_text.len, (char *)m->reply_text.bytes);
        } else if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            amqp_channel_close_t *m = (amqp_channel_close_t *)r.reply.decoded;
            snprintf(err, len, "%s: channel closed %u %.*s", what, m->reply_code, (int)m->reply_text.len, (char *)m->reply_text.bytes);
        } else {
            snprintf(err, len, "%s: server exception 0x%08X", what, r.reply.id);
        }
        break;
    }
}

static int check(w3_conn *c, const char *what, char *err, size_t len) {
    amqp_rpc_reply_t r = amqp_get_rpc_reply(c->state);
    if (r.reply_type == AMQP_RESPONSE_NORMAL) return 0;
    set_err(err, len, what, r);
    return -1;
}

w3_conn *w3_connect(const char *host, int port, const char *vhost, const char *user, const char *password,
                    int heartbeat_seconds, int timeout_ms, char *err, size_t err_len) {
    amqp_connection_state_t state = amqp_new_connection();
    if (!state) { snprintf(err, err_len, "out of memory"); return NULL; }
    amqp_socket_t *socket = amqp_tcp_socket_new(state);
    if (!socket) { snprintf(err, err_len, "cannot create socket"); amqp_destroy_connection(state); return NULL; }
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    int status = amqp_socket_open_noblock(socket, host, port, &tv);
    if (status != AMQP_STATUS_OK) {
        snprintf(err, err_len, "connect %s:%d: %s", host, port, amqp_error_string2(status));
        amqp_destroy_connection(state);
        return NULL;
    }
    // Bound the handshake and every RPC so a half-dead broker cannot hang the owning thread.
    amqp_set_rpc_timeout(state, &tv);
    amqp_rpc_reply_t r = amqp_login(state, vhost, 0, 131072, heartbeat_seconds, AMQP_SASL_METHOD_PLAIN, user, password);
    if (r.reply_type != AMQP_RESPONSE_NORMAL) {
        set_err(err, err_len, "login", r);
        amqp_destroy_connection(state);
        return NULL;
    }
    w3_conn *c = calloc(1, sizeof(w3_conn));
    c->state = state;
    return c;
}

void w3_close(w3_conn *c) {
    if (!c) return;
    amqp_connection_close(c->state, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(c->state);
    free(c);
}

int w3_channel_open(w3_conn *c, int channel, char *err, size_t err_len) {
    amqp_channel_open(c->state, channel);
    return check(c, "channel.open", err, err_len);
}

int w3_confirm_select(w3_conn *c, int channel, char *err, size_t err_len) {
    amqp_confirm_select(c->state, channel);
    return check(c, "confirm.select", err, err_len);
}

int w3_exchange_declare(w3_conn *c, int channel, const char *name, const char *type, int durable, char *err, size_t err_len) {
    amqp_exchange_declare(c->state, channel, amqp_cstring_bytes(name), amqp_cstring_bytes(type), 0, durable, 0, 0, amqp_empty_table);
    return check(c, "exchange.declare", err, err_len);
}

int w3_queue_declare(w3_conn *c, int channel, const char *name, int durable, int exclusive, int auto_delete,
                     int max_priority, const char *dlx, const char *dlrk, char *out_name, size_t out_len,
                     uint32_t *message_count, char *err, size_t err_len) {
    amqp_table_entry_t entries[3];
    int n = 0;
    if (max_priority > 0) {
        entries[n].key = amqp_cstring_bytes("x-max-priority");
        entries[n].value.kind = AMQP_FIELD_KIND_I32;
        entries[n].value.value.i32 = max_priority;
        n++;
    }
    if (dlx) {
        entries[n].key = amqp_cstring_bytes("x-dead-letter-exchange");
        entries[n].value.kind = AMQP_FIELD_KIND_UTF8;
        entries[n].value.value.bytes = amqp_cstring_bytes(dlx);
        n++;
    }
    if (dlrk) {
        entries[n].key = amqp_cstring_bytes("x-dead-letter-routing-key");
        entries[n].value.kind = AMQP_FIELD_KIND_UTF8;
        entries[n].value.value.bytes = amqp_cstring_bytes(dlrk);
        n++;
    }
    amqp_table_t args = { n, entries };
    amqp_queue_declare_ok_t *ok = amqp_queue_declare(c->state, channel, amqp_cstring_bytes(name), 0, durable, exclusive, auto_delete, args);
    if (check(c, "queue.declare", err, err_len) != 0 || !ok) return -1;
    if (out_name && out_len) snprintf(out_name, out_len, "%.*s", (int)ok->queue.len, (char *)ok->queue.bytes);
    if (message_count) *message_count = ok->message_count;
    return 0;
}

int w3_queue_bind(w3_conn *c, int channel, const char *queue, const char *exchange, const char *routing_key, char *err, size_t err_len) {
    amqp_queue_bind(c->state, channel, amqp_cstring_bytes(queue), amqp_cstring_bytes(exchange), amqp_cstring_bytes(routing_key), amqp_empty_table);
    return check(c, "queue.bind", err, err_len);
}

int w3_queue_purge(w3_conn *c, int channel, const char *queue, char *err, size_t err_len) {
    amqp_queue_purge(c->state, channel, amqp_cstring_bytes(queue));
    return check(c, "queue.purge", err, err_len);
}

int w3_qos(w3_conn *c, int channel, int prefetch, char *err, size_t err_len) {
    amqp_basic_qos(c->state, channel, 0, (uint16_t)prefetch, 0);
    return check(c, "basic.qos", err, err_len);
}

int w3_consume(w3_conn *c, int channel, const char *queue, char *err, size_t err_len) {
    amqp_basic_consume(c->state, channel, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    return check(c, "basic.consume", err, err_len);
}

int w3_publish(w3_conn *c, int channel, const char *exchange, const char *routing_key, const void *body, size_t len,
               const char *message_id, int priority, const char *expiration) {
    amqp_basic_properties_t props;
    memset(&props, 0, sizeof(props));
    props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
    props.delivery_mode = 2;
    props.content_type = amqp_cstring_bytes("application/json");
    if (message_id) { props._flags |= AMQP_BASIC_MESSAGE_ID_FLAG; props.message_id = amqp_cstring_bytes(message_id); }
    if (priority > 0) { props._flags |= AMQP_BASIC_PRIORITY_FLAG; props.priority = (uint8_t)priority; }
    if (expiration) { props._flags |= AMQP_BASIC_EXPIRATION_FLAG; props.expiration = amqp_cstring_bytes(expiration); }
    amqp_bytes_t bytes = { len, (void *)body };
    return amqp_basic_publish(c->state, channel, amqp_cstring_bytes(exchange), amqp_cstring_bytes(routing_key), 0, 0, &props, bytes);
}

int w3_wait_confirm(w3_conn *c, int timeout_ms, uint64_t *tag, int *multiple, int *nack) {
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    for (;;) {
        amqp_frame_t frame;
        int status = amqp_simple_wait_frame_noblock(c->state, &frame, &tv);
        if (status == AMQP_STATUS_TIMEOUT) return 0;
        if (status != AMQP_STATUS_OK) return -1;
        if (frame.frame_type != AMQP_FRAME_METHOD) continue;
        switch (frame.payload.method.id) {
        case AMQP_BASIC_ACK_METHOD: {
            amqp_basic_ack_t *m = (amqp_basic_ack_t *)frame.payload.method.decoded;
            *tag = m->delivery_tag; *multiple = m->multiple; *nack = 0;
            amqp_maybe_release_buffers(c->state);
            return 1;
        }
        case AMQP_BASIC_NACK_METHOD: {
            amqp_basic_nack_t *m = (amqp_basic_nack_t *)frame.payload.method.decoded;
            *tag = m->delivery_tag; *multiple = m->multiple; *nack = 1;
            amqp_maybe_release_buffers(c->state);
            return 1;
        }
        case AMQP_CHANNEL_CLOSE_METHOD:
        case AMQP_CONNECTION_CLOSE_METHOD:
            return -1;
        default:
            continue;
        }
    }
}

int w3_next_delivery(w3_conn *c, int timeout_ms, w3_delivery *out) {
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    amqp_envelope_t envelope;
    amqp_maybe_release_buffers(c->state);
    amqp_rpc_reply_t r = amqp_consume_message(c->state, &envelope, &tv, 0);
    if (r.reply_type == AMQP_RESPONSE_NORMAL) {
        memset(out, 0, sizeof(*out));
        out->tag = envelope.delivery_tag;
        out->redelivered = envelope.redelivered;
        out->body_len = envelope.message.body.len;
        out->body = malloc(out->body_len ? out->body_len : 1);
        if (out->body_len) memcpy(out->body, envelope.message.body.bytes, out->body_len);
        amqp_basic_properties_t *p = &envelope.message.properties;
        if (p->_flags & AMQP_BASIC_MESSAGE_ID_FLAG)
            snprintf(out->message_id, sizeof(out->message_id), "%.*s", (int)p->message_id.len, (char *)p->message_id.bytes);
        if (p->_flags & AMQP_BASIC_PRIORITY_FLAG) out->priority = p->priority;
        amqp_destroy_envelope(&envelope);
        return 1;
    }
    if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_TIMEOUT) return 0;
    if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
        // A method other than a delivery: a close ends the connection, anything else is skipped.
        amqp_frame_t frame;
        if (amqp_simple_wait_frame(c->state, &frame) != AMQP_STATUS_OK) return -1;
        if (frame.frame_type == AMQP_FRAME_METHOD &&
            (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD || frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD)) return -1;
        return 0;
    }
    return -1;
}

void w3_delivery_free(w3_delivery *d) {
    free(d->body);
    d->body = NULL;
}

int w3_ack(w3_conn *c, int channel, uint64_t tag) {
    return amqp_basic_ack(c->state, channel, tag, 0);
}

int w3_nack(w3_conn *c, int channel, uint64_t tag, int requeue) {
    return amqp_basic_nack(c->state, channel, tag, 0, requeue);
}

int w3_service(w3_conn *c, int timeout_ms) {
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    amqp_frame_t frame;
    int status = amqp_simple_wait_frame_noblock(c->state, &frame, &tv);
    if (status == AMQP_STATUS_TIMEOUT) return 0;
    if (status != AMQP_STATUS_OK) return -1;
    if (frame.frame_type == AMQP_FRAME_METHOD &&
        (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD || frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD)) return -1;
    amqp_maybe_release_buffers(c->state);
    return 0;
}
