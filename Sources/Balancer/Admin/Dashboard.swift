/// A self-contained live page: `/dashboard/ws` (WebSocket) pushes `/stats` once a second and the
/// page draws per-replica in-flight and latency; if the socket cannot open it polls `/stats`.
/// No asset pipeline: it works from the admin listener alone.
enum Dashboard {
    static let html = """
    <!doctype html><html><head><meta charset="utf-8"><title>rl-balancer</title>
    <style>body{font:14px system-ui;margin:2em}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd}
    .bad{color:#b00}.ok{color:#080}canvas{border:1px solid #ccc;margin-top:1em}</style></head><body>
    <h1>rl-balancer</h1><p>policy: <b id="policy"></b> · in flight: <b id="inflight"></b> · anomalies: <b id="anomalies"></b></p>
    <table><thead><tr><th>replica</th><th>health</th><th>breaker</th><th>in flight</th><th>latency ms</th><th>errors</th><th>requests</th></tr></thead><tbody id="rows"></tbody></table>
    <canvas id="chart" width="800" height="200"></canvas>
    <script>
    const hist={};const colors=['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd'];
    function draw(s){
    document.getElementById('policy').textContent=s.policy;document.getElementById('inflight').textContent=s.inflight;
    document.getElementById('anomalies').textContent=s.anomalies;
    document.getElementById('rows').innerHTML=s.replicas.map(r=>`<tr><td>${r.name}</td><td class="${r.healthy?'ok':'bad'}">${r.healthy?'up':'down'}</td><td>${r.breaker}</td><td>${r.inflight}</td><td>${r.latencyEstimateMs.toFixed(2)}</td><td>${(r.errorRate*100).toFixed(1)}%</td><td>${r.requests}</td></tr>`).join('');
    s.replicas.forEach(r=>{(hist[r.name]=hist[r.name]||[]).push(r.latencyEstimateMs);if(hist[r.name].length>120)hist[r.name].shift();});
    const c=document.getElementById('chart').getContext('2d');c.clearRect(0,0,800,200);
    const max=Math.max(1,...Object.values(hist).flat());Object.keys(hist).forEach((k,i)=>{c.strokeStyle=colors[i%5];c.beginPath();
    hist[k].forEach((v,j)=>{const x=j*800/120,y=200-v/max*190;j?c.lineTo(x,y):c.moveTo(x,y)});c.stroke();c.fillStyle=colors[i%5];c.fillText(k,10,15+i*14);});
    }
    let polling=null;
    // The admin token comes in the URL fragment (/dashboard#token=…), which never leaves the browser.
    const token=new URLSearchParams(location.hash.slice(1)).get('token')||'';
    function poll(){if(polling)return;polling=setInterval(async()=>{try{draw(await (await fetch('/stats',{headers:{Authorization:'Bearer '+token}})).json())}catch(e){}},1000);}
    try{const ws=new WebSocket(`ws://${location.host}/dashboard/ws?token=${encodeURIComponent(token)}`);ws.onmessage=e=>{try{draw(JSON.parse(e.data))}catch(x){}};
    ws.onerror=poll;ws.onclose=poll;}catch(e){poll();}
    </script></body></html>
    """
}
