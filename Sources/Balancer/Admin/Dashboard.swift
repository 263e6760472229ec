/// A self-contained live page: `/dashboard/ws` (WebSocket) pushes `/stats` once a second and the
/// page charts per-replica latency and traffic, per-policy decisions and fallbacks of the
/// learning guardrail, the A/B split's latency histograms and its significance test, and the
/// model versions. If the socket cannot open it polls `/stats`. No asset pipeline, no external
/// script: it works from the admin listener alone.
enum Dashboard {
    static let html = """
    <!doctype html><html><head><meta charset="utf-8"><title>rl-balancer</title>
    <style>body{font:14px system-ui;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:.5em 0}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}
    td:first-child,th:first-child{text-align:left}.bad{color:#b00}.ok{color:#080}canvas{border:1px solid #ccc;margin:.3em 0}h2{font-size:16px;margin:1.2em 0 .2em}
    .grid{display:grid;grid-template-columns:1fr 1fr;gap:1em}</style></head><body>
    <h1>rl-balancer</h1><p>policy: <b id="policy"></b> · in flight: <b id="inflight"></b> · anomalies: <b id="anomalies"></b> · A/B: <b id="split">off</b></p>
    <table><thead><tr><th>replica</th><th>health</th><th>breaker</th><th>in flight</th><th>latency ms</th><th>errors</th><th>requests</th><th>req/s</th></tr></thead><tbody id="rows"></tbody></table>
    <div class="grid"><div><h2>latency estimate per replica (ms)</h2><canvas id="lat" width="520" height="180"></canvas></div>
    <div><h2>traffic per replica (req/s)</h2><canvas id="traffic" width="520" height="180"></canvas></div></div>
    <h2>learning policies</h2>
    <table><thead><tr><th>policy</th><th>decisions</th><th>by learner</th><th>fallbacks</th><th>guardrail trips</th><th>learner p99 ms</th><th>P2C control p99 ms</th></tr></thead><tbody id="learn"></tbody></table>
    <div class="grid"><div><h2>decisions and fallbacks per second</h2><canvas id="decisions" width="520" height="160"></canvas></div>
    <div><h2>A/B latency histogram (share of requests per bucket)</h2><canvas id="hist" width="520" height="160"></canvas><div id="abtest"></div></div></div>
    <h2>model versions</h2><table><thead><tr><th>policy</th><th>version</th><th>created</th><th>current</th></tr></thead><tbody id="models"></tbody></table>
    <script>
    const H=120,colors=['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd','#8c564b','#e377c2','#7f7f7f'];
    const lat={},traffic={},dec={},prevReq={},prevDec={};let prevT=0;
    const bounds=['1','2','5','10','20','50','100','200','500','1000','2000','5000','more'];
    function push(m,k,v){(m[k]=m[k]||[]).push(v);if(m[k].length>H)m[k].shift();}
    function lines(id,m){const el=document.getElementById(id),c=el.getContext('2d'),w=el.width,h=el.height;c.clearRect(0,0,w,h);
    const max=Math.max(1,...Object.values(m).flat());c.fillStyle='#666';c.fillText(max.toFixed(1),w-40,12);
    Object.keys(m).forEach((k,i)=>{c.strokeStyle=colors[i%8];c.beginPath();m[k].forEach((v,j)=>{const x=j*w/H,y=h-v/max*(h-16);j?c.lineTo(x,y):c.moveTo(x,y)});c.stroke();c.fillStyle=colors[i%8];c.fillText(k,6,14+i*13);});}
    function bars(a,b,na,nb){const el=document.getElementById('hist'),c=el.getContext('2d'),w=el.width,h=el.height;c.clearRect(0,0,w,h);
    const sa=a.reduce((x,y)=>x+y,0)||1,sb=b.reduce((x,y)=>x+y,0)||1,n=bounds.length,bw=w/n;
    bounds.forEach((l,i)=>{const va=(a[i]||0)/sa,vb=(b[i]||0)/sb;c.fillStyle=colors[0];c.fillRect(i*bw+2,h-14-va*(h-30),bw/2-3,va*(h-30));
    c.fillStyle=colors[1];c.fillRect(i*bw+bw/2,h-14-vb*(h-30),bw/2-3,vb*(h-30));c.fillStyle='#444';c.fillText('≤'+l,i*bw+2,h-2);});
    c.fillStyle=colors[0];c.fillText('A '+na,w-140,12);c.fillStyle=colors[1];c.fillText('B '+nb,w-70,12);}
    const esc=s=>String(s).replace(/[&<>"]/g,ch=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[ch]));
    function draw(s){const now=Date.now()/1000,dt=prevT?Math.max(.1,now-prevT):0;prevT=now;
    document.getElementById('policy').textContent=s.policy;document.getElementById('inflight').textContent=s.inflight;
    document.getElementById('anomalies').textContent=s.anomalies;
    const rates={};s.replicas.forEach(r=>{rates[r.name]=dt&&prevReq[r.name]!==undefined?(r.requests-prevReq[r.name])/dt:0;prevReq[r.name]=r.requests;
    push(lat,r.name,r.latencyEstimateMs);push(traffic,r.name,rates[r.name]);});
    document.getElementById('rows').innerHTML=s.replicas.map(r=>`<tr><td>${esc(r.name)}</td><td class="${r.healthy?'ok':'bad'}">${r.healthy?'up':'down'}</td><td>${esc(r.breaker)}</td><td>${r.inflight}</td><td>${r.latencyEstimateMs.toFixed(2)}</td><td>${(r.errorRate*100).toFixed(1)}%</td><td>${r.requests}</td><td>${rates[r.name].toFixed(0)}</td></tr>`).join('');
    lines('lat',lat);lines('traffic',traffic);
    const L=s.learning||{policies:{},models:[]};
    document.getElementById('learn').innerHTML=Object.entries(L.policies).map(([k,g])=>`<tr><td>${esc(k)}</td><td>${g.decisions}</td><td>${(100*g.learnerDecisions/Math.max(1,g.decisions)).toFixed(1)}%</td><td>${g.fallbacks}</td><td>${g.trips}</td><td>${g.learnerP99Ms.toFixed(1)}</td><td>${g.controlP99Ms.toFixed(1)}</td></tr>`).join('')||'<tr><td colspan="7">no learning policy running</td></tr>';
    Object.entries(L.policies).forEach(([k,g])=>{const p=prevDec[k]||g;push(dec,k+' decisions',dt?(g.decisions-p.decisions)/dt:0);push(dec,k+' fallbacks',dt?(g.fallbacks-p.fallbacks)/dt:0);prevDec[k]=g;});
    lines('decisions',dec);
    document.getElementById('models').innerHTML=L.models.map(m=>`<tr><td>${esc(m.policy)}</td><td>${m.version}</td><td>${esc(m.createdAt)}</td><td>${m.current?'✔':''}</td></tr>`).join('');
    if(s.ab){const a=s.ab;document.getElementById('split').textContent=`${a.policyB} on ${(a.share*100).toFixed(0)}% of clients`;
    bars(a.histogramA,a.histogramB,a.policyA,a.policyB);
    document.getElementById('abtest').textContent=`p99 A ${a.p99A.toFixed(1)} ms vs B ${a.p99B.toFixed(1)} ms · Mann–Whitney p=${a.pValue.toPrecision(3)} (${a.significant?'significant':'not significant'}) · P(B faster)=${a.probabilityBFaster.toFixed(2)} · n=${a.samplesA}/${a.samplesB}`;}
    else{document.getElementById('split').textContent='off';}
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
