// A native countdown (拼团 deadline). Native on purpose: ticking once a second through Taro's React
// tree would send a setData for the whole page every second; here only this component's text moves.
// Props: expiresAtMs (server clock), serverOffsetMs (server clock minus this phone's clock).
// Event: `end`, once per deadline, when the time left reaches zero.

var SECOND_MS = 1000;

function pad2(n) {
  return n < 10 ? '0' + n : '' + n;
}

/** Seconds left → 'HH:MM:SS' (hours may pass 99 for week-long groups). */
function formatLeft(secondsLeft) {
  var hours = Math.floor(secondsLeft / 3600);
  var minutes = Math.floor((secondsLeft % 3600) / 60);
  var seconds = secondsLeft % 60;
  return pad2(hours) + ':' + pad2(minutes) + ':' + pad2(seconds);
}

Component({
  options: { addGlobalClass: false },
  properties: {
    expiresAtMs: { type: Number, value: 0, observer: 'restart' },
    serverOffsetMs: { type: Number, value: 0, observer: 'restart' },
  },
  data: { text: '' },
  lifetimes: {
    attached: function () {
      this.live = true;
      this.restart();
    },
    detached: function () {
      this.live = false;
      this.stop();
    },
  },
  methods: {
    stop: function () {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    },
    /** (Re)starts ticking for the current deadline; a deadline already past shows 已结束 at once. */
    restart: function () {
      // Observers also run before attach and after detach; only a component on the page ticks.
      if (!this.live) return;
      this.stop();
      if (!(this.data.expiresAtMs > 0)) {
        this.show('');
        return;
      }
      if (this.tick()) {
        var self = this;
        this.timer = setInterval(function () {
          self.tick();
        }, SECOND_MS);
      }
    },
    /** Shows the time left; returns whether the countdown is still running. */
    tick: function () {
      var expiresAtMs = this.data.expiresAtMs;
      var nowMs = Date.now() + (this.data.serverOffsetMs || 0);
      // Rounded up: '00:00:01' stays until the deadline itself, then 已结束.
      var secondsLeft = Math.ceil((expiresAtMs - nowMs) / SECOND_MS);
      if (secondsLeft > 0) {
        this.show(formatLeft(secondsLeft));
        return true;
      }
      this.show('已结束');
      this.stop();
      if (this.endedFor !== expiresAtMs) {
        this.endedFor = expiresAtMs;
        this.triggerEvent('end', { expiresAtMs: expiresAtMs });
      }
      return false;
    },
    show: function (text) {
      if (text !== this.data.text) this.setData({ text: text });
    },
  },
});
