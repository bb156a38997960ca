/* vouch embed.js: turns each <div data-vouch-embed="https://…/embed/NAME/"> into an
   iframe whose height follows the wall's. Only the wall's own origin may set the height,
   and each message sets only the iframe that sent it. No dependencies. */
(function(w,d){var f=[];
function run(){var els=d.querySelectorAll("[data-vouch-embed]");for(var i=0;i<els.length;i++){var e=els[i];if(e.getAttribute("data-vouch-ready"))continue;e.setAttribute("data-vouch-ready","1");
var u=new URL(e.getAttribute("data-vouch-embed"),location.href),x=d.createElement("iframe");
x.src=u.href;x.title=e.getAttribute("data-title")||"What our customers say";x.loading="lazy";x.setAttribute("scrolling","no");
x.style.cssText="display:block;width:100%;border:0;overflow:hidden;height:"+(parseInt(e.getAttribute("data-height"),10)||400)+"px";
e.appendChild(x);f.push([x,u.origin])}}
w.addEventListener("message",function(m){var h=m.data&&m.data.vouchEmbed=="height"&&+m.data.height;if(!(h>0&&h<1e5))return;
for(var i=0;i<f.length;i++)if(f[i][0].contentWindow===m.source&&f[i][1]===m.origin)f[i][0].style.height=Math.ceil(h)+"px"});
d.readyState=="loading"?d.addEventListener("DOMContentLoaded",run):run()})(window,document);
