/* The anchor of the publish-throughput figure (docs/notifications.md): a bare rabbitmq-c loop that
 * publishes persistent 200-byte messages to a durable queue with publisher confirms, in windows of
 * BATCH (publish the window, then read confirms until every tag of it is acked), the same shape as
 * the outbox relay. Usage: confirm_anchor HOST PORT MESSAGES BATCH */
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(const char *what) { fprintf(stderr, "anchor: %s\n", what); exit(1); }

static void ok(amqp_connection_state_t c, const char *what) {
    if (amqp_get_rpc_reply(c).reply_type != AMQP_RESPONSE_NORMAL) die(what);
}

int main(int argc, char **argv) {
    if (argc < 5) die("usage: confirm_anchor HOST PORT MESSAGES BATCH");
    int total = atoi(argv[3]), batch = atoi(argv[4]);
    amqp_connection_state_t c = amqp_new_connection();
    amqp_socket_t *s = amqp_tcp_socket_new(c);
    if (amqp_socket_open(s, argv[1], atoi(argv[2])) != AMQP_STATUS_OK) die("connect");
    if (amqp_login(c, "/", 0, 131072, 10, AMQP_SASL_METHOD_PLAIN, "guest", "guest").reply_type != AMQP_RESPONSE_NORMAL) die("login");
    amqp_channel_open(c, 1); ok(c, "channel");
    amqp_queue_declare(c, 1, amqp_cstring_bytes("bench.publish.anchor"), 0, 1, 0, 0, amqp_empty_table); ok(c, "declare");
    amqp_queue_purge(c, 1, amqp_cstring_bytes("bench.publish.anchor")); ok(c, "purge");
    amqp_confirm_select(c, 1); ok(c, "confirm.select");
    char body[200]; memset(body, 'n', sizeof body);
    amqp_bytes_t bytes = { sizeof body, body };
    amqp_basic_properties_t p; memset(&p, 0, sizeof p);
    p._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG;
    p.delivery_mode = 2;
    p.content_type = amqp_cstring_bytes("application/json");
    char id[32];
    uint64_t tag = 0;
    struct timespec t0, t1;
    for (int pass = 0; pass < 2; pass++) {  /* pass 0 warms up with 1000 messages */
        int count = pass == 0 ? 1000 : total;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int sent = 0; sent < count;) {
            int n = count - sent < batch ? count - sent : batch;
            for (int i = 0; i < n; i++) {
                snprintf(id, sizeof id, "m-%d", sent + i);
                p.message_id = amqp_cstring_bytes(id);
                if (amqp_basic_publish(c, 1, amqp_empty_bytes, amqp_cstring_bytes("bench.publish.anchor"), 0, 0, &p, bytes) != 0) die("publish");
            }
            uint64_t last = tag + n;
            tag = last;
            uint64_t acked = last - n;
            while (acked < last) {
                amqp_frame_t f;
                if (amqp_simple_wait_frame(c, &f) != AMQP_STATUS_OK) die("wait");
                if (f.frame_type != AMQP_FRAME_METHOD) continue;
                if (f.payload.method.id == AMQP_BASIC_NACK_METHOD) die("nack");
                if (f.payload.method.id == AMQP_BASIC_ACK_METHOD) {
                    amqp_basic_ack_t *a = f.payload.method.decoded;
                    if (a->delivery_tag > acked) acked = a->multiple ? a->delivery_tag : acked + 1;
                }
                amqp_maybe_release_buffers(c);
            }
            sent += n;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
    }
    double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("anchor_publish_per_s %.0f\n", total / seconds);
    amqp_queue_purge(c, 1, amqp_cstring_bytes("bench.publish.anchor"));
    amqp_channel_close(c, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(c, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(c);
    return 0;
}
