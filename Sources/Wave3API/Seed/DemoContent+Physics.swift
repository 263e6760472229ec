extension DemoContentLiterals {
    /// Physics: 12 lessons over six skills; several build on Mathematics lessons and the last on Swift.
    static let physicsLessons: [DemoLesson] = [
        DemoLesson(
            id: "physics-units-measurement",
            subject: "physics",
            title: "Units and Measurement",
            skills: ["physics.units"],
            prerequisites: [],
            estimatedMinutes: 10,
            content: #"""
            # Units and Measurement

            A measurement is a number **and** a unit. "5" means nothing; "5 metres" or "5 seconds" does.

            ## SI base units

            Scientists everywhere use the International System of Units (SI):

            - length: metre (m)
            - mass: kilogram (kg)
            - time: second (s)
            - electric current: ampere (A)
            - temperature: kelvin (K)

            Other units are built from these, such as speed in metres per second (m/s).

            ## Prefixes

            Prefixes scale a unit by powers of ten: kilo (k) = 1000, centi (c) = 1/100, milli (m) = 1/1000. So 2.5 km = 2500 m, and 350 mg = 0.35 g.

            ## Worked example: converting a speed

            Convert 72 km/h to m/s. Multiply by 1 in a useful form:

            $$72 \frac{\text{km}}{\text{h}} \times \frac{1000 \text{ m}}{1 \text{ km}} \times \frac{1 \text{ h}}{3600 \text{ s}} = 20 \text{ m/s}$$

            The units cancel like numbers, which is a good way to check you multiplied rather than divided.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-units-measurement-q1", skill: "physics.units", prompt: "What is the SI base unit of mass?", choices: ["gram", "kilogram", "newton", "pound"], answerIndex: 1),
                DemoQuizItem(id: "physics-units-measurement-q2", skill: "physics.units", prompt: "What is 72 km/h in m/s?", choices: ["7.2 m/s", "259.2 m/s", "20 m/s", "72 000 m/s"], answerIndex: 2),
                DemoQuizItem(id: "physics-units-measurement-q3", skill: "physics.units", prompt: "What does the prefix milli- mean?", choices: ["one thousandth", "one hundredth", "one thousand", "one million"], answerIndex: 0),
                DemoQuizItem(id: "physics-units-measurement-q4", skill: "physics.units", prompt: "How many metres are in 2.5 km?", choices: ["25 m", "250 m", "0.0025 m", "2500 m"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "physics-motion-speed",
            subject: "physics",
            title: "Describing Motion: Distance, Displacement and Speed",
            skills: ["physics.kinematics"],
            prerequisites: ["physics-units-measurement"],
            estimatedMinutes: 12,
            content: #"""
            # Describing Motion

            ## Distance and displacement

            **Distance** is how much ground you cover. **Displacement** is how far you end up from where you started, in a given direction. Walk 3 km east and then 3 km west: the distance is 6 km, but the displacement is 0.

            ## Speed and velocity

            Average speed is distance divided by time:

            $$\text{average speed} = \frac{\text{distance}}{\text{time}}$$

            **Velocity** is displacement divided by time, so it has a direction. A runner who finishes one 400 m lap in 80 s has an average speed of 5 m/s, but an average velocity of zero, because they end where they started.

            ## Worked example

            A train travels 120 km in 1.5 hours. Its average speed is $\frac{120}{1.5} = 80$ km/h.

            ## A common trap

            You drive to a town at 60 km/h and back at 40 km/h. The average speed is **not** 50 km/h. Say the town is 120 km away: the trip takes 2 h there and 3 h back, so the average is $\frac{240}{5} = 48$ km/h. You spend longer at the slower speed.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-motion-speed-q1", skill: "physics.kinematics", prompt: "A train travels 120 km in 1.5 hours. What is its average speed?", choices: ["180 km/h", "60 km/h", "90 km/h", "80 km/h"], answerIndex: 3),
                DemoQuizItem(id: "physics-motion-speed-q2", skill: "physics.kinematics", prompt: "You walk 3 km east, then 3 km west. What is your displacement?", choices: ["0 km", "6 km", "3 km east", "6 km west"], answerIndex: 0),
                DemoQuizItem(id: "physics-motion-speed-q3", skill: "physics.kinematics", prompt: "A runner completes one 400 m lap in 80 s. What are the average speed and average velocity?", choices: ["5 m/s and 5 m/s", "5 m/s and 0 m/s", "0 m/s and 5 m/s", "320 m/s and 0 m/s"], answerIndex: 1),
                DemoQuizItem(id: "physics-motion-speed-q4", skill: "physics.kinematics", prompt: "You drive somewhere at 60 km/h and return the same way at 40 km/h. What is your average speed for the round trip?", choices: ["50 km/h", "52 km/h", "48 km/h", "45 km/h"], answerIndex: 2),
            ]
        ),
        DemoLesson(
            id: "physics-vectors",
            subject: "physics",
            title: "Vectors in Physics",
            skills: ["physics.kinematics"],
            prerequisites: ["physics-units-measurement", "math-pythagorean-theorem"],
            estimatedMinutes: 20,
            content: #"""
            # Vectors in Physics

            A **scalar** has only a size: mass, temperature, time, distance, speed. A **vector** has a size (magnitude) *and* a direction: displacement, velocity, acceleration, force.

            ![Diagram of a vector arrow split into horizontal and vertical components forming a right triangle](/images/physics/vector-components.png)

            ## Components

            Any 2D vector can be split into horizontal and vertical parts. For a vector of magnitude $v$ at angle $\theta$ above the horizontal:

            $$v_x = v\cos\theta, \qquad v_y = v\sin\theta$$

            A velocity of 10 m/s at 30° has $v_x = 10\cos 30° \approx 8.66$ m/s and $v_y = 10\sin 30° = 5$ m/s.

            ## Magnitude and direction from components

            The components form a right triangle, so by Pythagoras:

            $$|\vec{v}| = \sqrt{v_x^2 + v_y^2}, \qquad \tan\theta = \frac{v_y}{v_x}$$

            ## Adding vectors

            Add vectors component by component: $(3, -2) + (1, 6) = (4, 4)$. Never just add the magnitudes, unless the vectors point the same way.

            ## Worked example: crossing a river

            A boat heads straight across a river at 4 m/s relative to the water. The current flows downstream at 3 m/s. The boat's velocity relative to the bank is the vector sum:

            $$|\vec{v}| = \sqrt{4^2 + 3^2} = 5 \text{ m/s}$$

            It drifts at an angle $\theta = \arctan\frac{3}{4} \approx 36.9°$ downstream from straight across.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-vectors-q1", skill: "physics.kinematics", prompt: "Which of these quantities is a vector?", choices: ["Mass", "Temperature", "Displacement", "Speed"], answerIndex: 2),
                DemoQuizItem(id: "physics-vectors-q2", skill: "physics.kinematics", prompt: "A boat moves at 4 m/s across a river whose current is 3 m/s. What is its speed relative to the bank?", choices: ["7 m/s", "1 m/s", "12 m/s", "5 m/s"], answerIndex: 3),
                DemoQuizItem(id: "physics-vectors-q3", skill: "physics.kinematics", prompt: "A velocity of 10 m/s points 30° above the horizontal. What is its vertical component?", choices: ["5 m/s", "8.66 m/s", "10 m/s", "3 m/s"], answerIndex: 0),
                DemoQuizItem(id: "physics-vectors-q4", skill: "physics.kinematics", prompt: "What is (3, −2) + (1, 6)?", choices: ["(4, −8)", "(4, 4)", "(3, −12)", "(2, 8)"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "physics-kinematics-acceleration",
            subject: "physics",
            title: "Acceleration and the Equations of Motion",
            skills: ["physics.kinematics"],
            prerequisites: ["physics-motion-speed", "math-linear-equations"],
            estimatedMinutes: 22,
            content: #"""
            # Acceleration and the Equations of Motion

            **Acceleration** is the rate of change of velocity:

            $$a = \frac{\Delta v}{\Delta t}$$

            Its unit is m/s², metres per second, per second. Slowing down is just acceleration opposite to the motion.

            ## The constant-acceleration equations

            With initial velocity $u$, final velocity $v$, constant acceleration $a$, time $t$ and displacement $s$:

            $$v = u + at$$
            $$s = ut + \tfrac{1}{2}at^2$$
            $$v^2 = u^2 + 2as$$

            Each equation leaves out one quantity. Write down what you know, what you want, and pick the equation that skips the one you do not care about.

            ## Worked example 1: a car accelerating

            A car goes from rest to 27 m/s in 9 s. Then $a = \frac{27 - 0}{9} = 3$ m/s², and the distance is $s = 0 + \tfrac{1}{2}(3)(9^2) = 121.5$ m.

            ## Worked example 2: braking

            A car at 20 m/s brakes with $a = -5$ m/s². How far does it travel before stopping? Time is not asked, so use $v^2 = u^2 + 2as$:

            $$0 = 20^2 + 2(-5)s \;\Rightarrow\; s = \frac{400}{10} = 40 \text{ m}$$

            Doubling the speed would quadruple the stopping distance.

            ## Free fall

            Near Earth's surface, ignoring air resistance, everything falls with $g \approx 9.8$ m/s². A ball dropped from rest is moving at $9.8 \times 2 = 19.6$ m/s after 2 s.

            ## Velocity–time graphs

            ![Diagram of a velocity–time graph with a straight sloping line and the area beneath it shaded](/images/physics/velocity-time-graph.png)

            On a velocity–time graph, the **slope** is the acceleration and the **area** under the line is the displacement.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-kinematics-acceleration-q1", skill: "physics.kinematics", prompt: "A car goes from rest to 27 m/s in 9 s. What is its acceleration?", choices: ["243 m/s²", "3 m/s²", "0.33 m/s²", "18 m/s²"], answerIndex: 1),
                DemoQuizItem(id: "physics-kinematics-acceleration-q2", skill: "physics.kinematics", prompt: "A car at 20 m/s brakes at 5 m/s². How far does it travel before stopping?", choices: ["4 m", "20 m", "80 m", "40 m"], answerIndex: 3),
                DemoQuizItem(id: "physics-kinematics-acceleration-q3", skill: "physics.kinematics", prompt: "A ball is dropped from rest. Ignoring air resistance, how fast is it falling after 2 s (g = 9.8 m/s²)?", choices: ["19.6 m/s", "9.8 m/s", "4.9 m/s", "39.2 m/s"], answerIndex: 0),
                DemoQuizItem(id: "physics-kinematics-acceleration-q4", skill: "physics.kinematics", prompt: "On a velocity–time graph, what does the area under the line represent?", choices: ["Acceleration", "Speed", "Displacement", "Force"], answerIndex: 2),
            ]
        ),
        DemoLesson(
            id: "physics-newtons-laws",
            subject: "physics",
            title: "Newton's Laws of Motion",
            skills: ["physics.dynamics"],
            prerequisites: ["physics-kinematics-acceleration"],
            estimatedMinutes: 22,
            content: #"""
            # Newton's Laws of Motion

            Kinematics describes motion; **dynamics** explains it. A force is a push or a pull, measured in newtons (N).

            ## First law: inertia

            An object stays at rest, or keeps moving at constant velocity, unless a **net** force acts on it. So constant velocity means the forces are balanced, not that there are none.

            ## Second law: $F = ma$

            $$F_{\text{net}} = ma$$

            The net force (the vector sum of all forces) equals mass times acceleration. One newton accelerates 1 kg at 1 m/s².

            ## Third law: action and reaction

            If A pushes on B, B pushes back on A with an equal and opposite force. The two forces act on **different** objects, so they never cancel each other out.

            ## Weight

            Weight is the gravitational force on a mass: $W = mg$. A 5 kg bag weighs $5 \times 9.8 = 49$ N on Earth. Its mass is 5 kg everywhere; its weight would be smaller on the Moon.

            ## Free-body diagrams

            ![Diagram of a box on the floor with arrows for the applied push, friction, weight and the normal force](/images/physics/free-body-box.png)

            Draw the object alone, with one arrow per force acting *on* it. Then add the forces along each direction.

            ## Worked example

            A 10 kg box is pushed with 50 N across a floor; friction opposes it with 20 N. The net force is $50 - 20 = 30$ N, so

            $$a = \frac{F_{\text{net}}}{m} = \frac{30}{10} = 3 \text{ m/s}^2$$

            Vertically, the floor's normal force balances the weight, so there is no vertical acceleration.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-newtons-laws-q1", skill: "physics.dynamics", prompt: "A net force of 3000 N acts on a 1200 kg car. What is its acceleration?", choices: ["0.4 m/s²", "3.6 m/s²", "2.5 m/s²", "4200 m/s²"], answerIndex: 2),
                DemoQuizItem(id: "physics-newtons-laws-q2", skill: "physics.dynamics", prompt: "A puck slides across ice at constant velocity. What is the net force on it?", choices: ["Zero", "In the direction of motion", "Opposite to the motion", "Equal to its weight"], answerIndex: 0),
                DemoQuizItem(id: "physics-newtons-laws-q3", skill: "physics.dynamics", prompt: "Why don't a Newton's-third-law pair of forces cancel out?", choices: ["They have different sizes", "One of them is always friction", "They point the same way", "They act on different objects"], answerIndex: 3),
                DemoQuizItem(id: "physics-newtons-laws-q4", skill: "physics.dynamics", prompt: "A 10 kg box is pushed with 50 N against 20 N of friction. What is its acceleration?", choices: ["5 m/s²", "3 m/s²", "7 m/s²", "2 m/s²"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "physics-projectile-motion",
            subject: "physics",
            title: "Projectile Motion",
            skills: ["physics.kinematics"],
            prerequisites: ["physics-kinematics-acceleration", "physics-vectors"],
            estimatedMinutes: 30,
            content: #"""
            # Projectile Motion

            A projectile is any object moving under gravity alone after launch: a thrown ball, a jump, water from a hose. Ignoring air resistance, its path is a **parabola**.

            ![Diagram of a parabolic trajectory showing a constant horizontal velocity arrow and a shrinking then growing vertical velocity arrow](/images/physics/projectile-trajectory.png)

            ## The key idea: split the motion

            Horizontal and vertical motions are independent:

            - **Horizontally** there is no force, so $a_x = 0$ and $v_x$ stays constant: $x = v_x t$.
            - **Vertically** gravity gives $a_y = -g$: $y = v_{y0}t - \tfrac{1}{2}gt^2$ and $v_y = v_{y0} - gt$.

            Time is the link between them. For a launch at speed $v_0$ and angle $\theta$, start with $v_x = v_0\cos\theta$ and $v_{y0} = v_0\sin\theta$.

            ## Worked example 1: off a cliff

            A ball rolls horizontally off a 20 m cliff at 15 m/s. How far from the base does it land?

            1. Vertical: it starts with $v_{y0} = 0$, so $20 = \tfrac{1}{2}(9.8)t^2$ and $t = \sqrt{40/9.8} \approx 2.02$ s.
            2. Horizontal: $x = 15 \times 2.02 \approx 30$ m.

            The horizontal speed does not change the fall time: a ball dropped from the same height lands at the same moment.

            ## Launching from level ground

            Setting $y = 0$ gives the time of flight, and multiplying by $v_x$ gives the range:

            $$T = \frac{2v_0\sin\theta}{g}, \qquad R = \frac{v_0^2\sin 2\theta}{g}, \qquad H = \frac{v_0^2\sin^2\theta}{2g}$$

            where $H$ is the maximum height.

            ## Worked example 2

            A ball is kicked at 20 m/s, 30° above level ground.

            - $v_x = 20\cos 30° \approx 17.3$ m/s, $v_{y0} = 20\sin 30° = 10$ m/s
            - $T = \frac{2 \times 10}{9.8} \approx 2.04$ s
            - $R = \frac{400 \sin 60°}{9.8} \approx 35.3$ m
            - $H = \frac{10^2}{2 \times 9.8} \approx 5.1$ m

            ## Observations

            - Because $\sin 2\theta$ peaks at $2\theta = 90°$, the maximum range on level ground is at **45°**.
            - Complementary angles, such as 30° and 60°, give the same range: $\sin 60° = \sin 120°$.
            - At the top of the path $v_y = 0$, but the velocity is not zero (it equals $v_x$), and the acceleration is still $g$ downward.

            Real projectiles feel air drag, which shortens the range and lowers the best angle below 45°. The simulation lesson shows how to handle that numerically.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-projectile-motion-q1", skill: "physics.kinematics", prompt: "Ignoring air resistance, what happens to a projectile's horizontal velocity during flight?", choices: ["It decreases steadily", "It stays constant", "It increases steadily", "It becomes zero at the top"], answerIndex: 1),
                DemoQuizItem(id: "physics-projectile-motion-q2", skill: "physics.kinematics", prompt: "On level ground without air resistance, which launch angle gives the greatest range?", choices: ["30°", "60°", "90°", "45°"], answerIndex: 3),
                DemoQuizItem(id: "physics-projectile-motion-q3", skill: "physics.kinematics", prompt: "A ball rolls horizontally off a 20 m cliff at 15 m/s. About how long does it take to land (g = 9.8 m/s²)?", choices: ["2.0 s", "1.3 s", "4.1 s", "0.75 s"], answerIndex: 0),
                DemoQuizItem(id: "physics-projectile-motion-q4", skill: "physics.kinematics", prompt: "A ball is kicked at 20 m/s, 30° above level ground. About how far does it travel horizontally?", choices: ["20 m", "41 m", "35 m", "10 m"], answerIndex: 2),
                DemoQuizItem(id: "physics-projectile-motion-q5", skill: "physics.kinematics", prompt: "At the highest point of a projectile's path, which statement is true?", choices: ["Its velocity and acceleration are both zero", "Its acceleration is zero", "Its velocity is zero", "Its velocity is horizontal and its acceleration is g downward"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "physics-work-energy",
            subject: "physics",
            title: "Work, Energy and Power",
            skills: ["physics.energy", "physics.dynamics"],
            prerequisites: ["physics-newtons-laws"],
            estimatedMinutes: 25,
            content: #"""
            # Work, Energy and Power

            Energy is the capacity to do work, measured in joules (J). It is never created or destroyed, only transferred or transformed.

            ## Work

            A force does work when it moves something along its direction:

            $$W = Fd\cos\theta$$

            where $\theta$ is the angle between the force and the displacement. Pulling a sled with 50 N at 60° to the ground over 4 m does $50 \times 4 \times \cos 60° = 100$ J of work. A force perpendicular to the motion ($\theta = 90°$) does **no** work.

            ## Kinetic and potential energy

            - Kinetic energy (motion): $KE = \tfrac{1}{2}mv^2$
            - Gravitational potential energy (height): $PE = mgh$

            A 1000 kg car at 20 m/s has $KE = \tfrac{1}{2}(1000)(20^2) = 200\,000$ J. Because of the square, doubling the speed quadruples the kinetic energy.

            ## The work–energy theorem

            The net work done on an object equals its change in kinetic energy: $W_{\text{net}} = \Delta KE$.

            ## Conservation of energy

            Without friction, mechanical energy $KE + PE$ stays constant.

            **Worked example:** a 2 kg ball is dropped from 5 m. All its potential energy becomes kinetic energy:

            $$mgh = \tfrac{1}{2}mv^2 \;\Rightarrow\; v = \sqrt{2gh} = \sqrt{2 \times 9.8 \times 5} \approx 9.9 \text{ m/s}$$

            The mass cancels: any object dropped from 5 m lands at the same speed.

            ## Power

            Power is the rate of doing work, in watts (1 W = 1 J/s):

            $$P = \frac{W}{t}$$

            Lifting 50 kg by 3 m takes $50 \times 9.8 \times 3 = 1470$ J; doing it in 5 s needs $294$ W.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-work-energy-q1", skill: "physics.energy", prompt: "What is the kinetic energy of a 1000 kg car moving at 20 m/s?", choices: ["20 000 J", "200 000 J", "400 000 J", "10 000 J"], answerIndex: 1),
                DemoQuizItem(id: "physics-work-energy-q2", skill: "physics.energy", prompt: "A ball is dropped from 5 m. Ignoring air resistance, how fast is it moving just before it lands?", choices: ["49 m/s", "98 m/s", "9.9 m/s", "5 m/s"], answerIndex: 2),
                DemoQuizItem(id: "physics-work-energy-q3", skill: "physics.dynamics", prompt: "How much work does a force do if it is perpendicular to the motion?", choices: ["None", "F × d", "Half of F × d", "It depends on the mass"], answerIndex: 0),
                DemoQuizItem(id: "physics-work-energy-q4", skill: "physics.energy", prompt: "If an object's speed doubles, its kinetic energy…", choices: ["doubles", "stays the same", "halves", "quadruples"], answerIndex: 3),
                DemoQuizItem(id: "physics-work-energy-q5", skill: "physics.energy", prompt: "What power is needed to lift 50 kg by 3 m in 5 s (g = 9.8 m/s²)?", choices: ["30 W", "294 W", "1470 W", "7350 W"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "physics-momentum-collisions",
            subject: "physics",
            title: "Momentum, Impulse and Collisions",
            skills: ["physics.dynamics", "physics.energy"],
            prerequisites: ["physics-work-energy"],
            estimatedMinutes: 30,
            content: #"""
            # Momentum, Impulse and Collisions

            ## Momentum

            Momentum is mass times velocity, a vector:

            $$\vec{p} = m\vec{v}$$

            measured in kg·m/s. A slow truck and a fast bullet can have similar momentum.

            ## Impulse

            Newton's second law can be written as $F = \frac{\Delta p}{\Delta t}$. Rearranged, the **impulse** delivered by a force equals the change in momentum:

            $$J = F\Delta t = \Delta p$$

            For a given change in momentum, a longer contact time means a smaller force. That is why airbags, crumple zones and bending your knees when you land all work: they stretch out $\Delta t$.

            **Example:** a 0.15 kg ball arrives at 40 m/s and leaves the bat at 30 m/s in the opposite direction. Taking the outgoing direction as positive, $\Delta p = 0.15 \times (30 - (-40)) = 10.5$ N·s.

            ## Conservation of momentum

            In a collision, the objects exert equal and opposite forces on each other for the same time (Newton's third law). So if no external force acts, the **total momentum is conserved**:

            $$m_1u_1 + m_2u_2 = m_1v_1 + m_2v_2$$

            ![Diagram of two carts before and after a collision with velocity arrows](/images/physics/cart-collision.png)

            ## Inelastic collisions

            Momentum is always conserved, but kinetic energy usually is not: some becomes heat, sound and deformation. In a *perfectly inelastic* collision the objects stick together.

            **Worked example:** a 2 kg cart at 3 m/s hits a 1 kg cart at rest, and they couple.

            1. Momentum before: $2 \times 3 + 1 \times 0 = 6$ kg·m/s.
            2. After, combined mass 3 kg: $v = \frac{6}{3} = 2$ m/s.
            3. Kinetic energy before: $\tfrac{1}{2}(2)(3^2) = 9$ J. After: $\tfrac{1}{2}(3)(2^2) = 6$ J. So 3 J were converted to other forms.

            ## Elastic collisions

            In an *elastic* collision kinetic energy is conserved too. Solving both conservation laws in one dimension, with object 2 initially at rest:

            $$v_1 = \frac{m_1 - m_2}{m_1 + m_2}u_1, \qquad v_2 = \frac{2m_1}{m_1 + m_2}u_1$$

            With equal masses, $v_1 = 0$ and $v_2 = u_1$: the moving object stops dead and the other carries on with its velocity, as in Newton's cradle or a snooker shot.

            ## Strategy

            1. Choose a positive direction and keep signs consistent.
            2. Write total momentum before = total momentum after.
            3. Add energy conservation only if the collision is elastic.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-momentum-collisions-q1", skill: "physics.dynamics", prompt: "A 2 kg cart at 3 m/s hits a 1 kg cart at rest and they stick together. What is their speed afterwards?", choices: ["1 m/s", "1.5 m/s", "3 m/s", "2 m/s"], answerIndex: 3),
                DemoQuizItem(id: "physics-momentum-collisions-q2", skill: "physics.energy", prompt: "In that same collision, how much kinetic energy is converted to other forms?", choices: ["3 J", "0 J", "6 J", "9 J"], answerIndex: 0),
                DemoQuizItem(id: "physics-momentum-collisions-q3", skill: "physics.dynamics", prompt: "In a 1D elastic collision, a moving ball hits an identical ball at rest. What happens?", choices: ["Both move on at half the speed", "The first ball stops and the second moves off with the first ball's velocity", "Both balls stop", "The first ball bounces back at the same speed"], answerIndex: 1),
                DemoQuizItem(id: "physics-momentum-collisions-q4", skill: "physics.dynamics", prompt: "A 0.15 kg ball arrives at 40 m/s and leaves at 30 m/s in the opposite direction. What is the size of the impulse on it?", choices: ["1.5 N·s", "6 N·s", "10.5 N·s", "4.5 N·s"], answerIndex: 2),
                DemoQuizItem(id: "physics-momentum-collisions-q5", skill: "physics.dynamics", prompt: "How does an airbag reduce the force on a passenger?", choices: ["It reduces the passenger's change in momentum to zero", "It increases the time over which the momentum changes", "It increases the passenger's mass", "It converts momentum into energy"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "physics-waves-basics",
            subject: "physics",
            title: "Waves: Wavelength, Frequency and Speed",
            skills: ["physics.waves"],
            prerequisites: ["physics-motion-speed"],
            estimatedMinutes: 18,
            content: #"""
            # Waves

            A wave carries energy from place to place without carrying matter along with it. A floating leaf bobs up and down as ripples pass, but it does not travel with them.

            ## Two kinds of wave

            - **Transverse:** the medium vibrates at right angles to the direction of travel (waves on a string, light).
            - **Longitudinal:** the medium vibrates along the direction of travel, in compressions and rarefactions (sound).

            ## Describing a wave

            ![Diagram of a transverse wave with the amplitude and wavelength labelled](/images/physics/wave-anatomy.png)

            - **Amplitude** $A$: the maximum displacement from rest. Bigger amplitude means more energy.
            - **Wavelength** $\lambda$: the distance between two neighbouring crests.
            - **Frequency** $f$: how many waves pass a point per second, in hertz (Hz).
            - **Period** $T$: the time for one wave, $T = \frac{1}{f}$.

            ## The wave equation

            In one period a wave moves forward one wavelength, so

            $$v = f\lambda$$

            The speed is set by the medium. If the frequency goes up while the speed stays the same, the wavelength must go down.

            ## Worked example

            Sound travels at about 343 m/s in air. The note A has a frequency of 440 Hz. Its wavelength is

            $$\lambda = \frac{v}{f} = \frac{343}{440} \approx 0.78 \text{ m}$$

            and its period is $\frac{1}{440} \approx 0.0023$ s.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-waves-basics-q1", skill: "physics.waves", prompt: "Sound travels at 343 m/s. What is the wavelength of a 440 Hz note?", choices: ["1.28 m", "0.78 m", "151 m", "7.8 m"], answerIndex: 1),
                DemoQuizItem(id: "physics-waves-basics-q2", skill: "physics.waves", prompt: "What is the period of a 50 Hz wave?", choices: ["50 s", "0.2 s", "0.02 s", "5 s"], answerIndex: 2),
                DemoQuizItem(id: "physics-waves-basics-q3", skill: "physics.waves", prompt: "What kind of wave is sound in air?", choices: ["Longitudinal", "Transverse", "Electromagnetic", "It is not a wave"], answerIndex: 0),
                DemoQuizItem(id: "physics-waves-basics-q4", skill: "physics.waves", prompt: "A wave's frequency doubles while its speed stays the same. What happens to its wavelength?", choices: ["It doubles", "It stays the same", "It quadruples", "It halves"], answerIndex: 3),
            ]
        ),
        DemoLesson(
            id: "physics-electric-circuits",
            subject: "physics",
            title: "Electric Circuits and Ohm's Law",
            skills: ["physics.electricity"],
            prerequisites: ["physics-units-measurement", "math-algebra-expressions"],
            estimatedMinutes: 22,
            content: #"""
            # Electric Circuits and Ohm's Law

            ## Current, voltage and resistance

            - **Current** $I$ is the rate at which charge flows, in amperes (A).
            - **Voltage** $V$ (potential difference) is the energy given to each unit of charge, in volts (V). A battery provides it.
            - **Resistance** $R$ is how strongly a component opposes current, in ohms (Ω).

            ## Ohm's law

            For many components, such as metal wires and resistors at constant temperature:

            $$V = IR$$

            So a 9 V battery across a 3 Ω resistor drives $I = \frac{9}{3} = 3$ A.

            ## Series and parallel

            ![Circuit diagram of two resistors in series next to two resistors in parallel, each connected to a battery](/images/physics/series-parallel.png)

            - **Series** (one path): the same current flows through each part, and resistances add: $R = R_1 + R_2$.
            - **Parallel** (several paths): each branch has the same voltage, and $\frac{1}{R} = \frac{1}{R_1} + \frac{1}{R_2}$. The total is *less* than the smallest branch. A 6 Ω and a 3 Ω resistor in parallel give $\frac{1}{R} = \frac{1}{6} + \frac{2}{6} = \frac{1}{2}$, so $R = 2$ Ω.

            ## Power

            The rate at which a component uses energy is

            $$P = VI = I^2R = \frac{V^2}{R}$$

            ## Worked example

            A 12 V battery is connected to a 4 Ω and a 2 Ω resistor in series.

            1. Total resistance: $4 + 2 = 6$ Ω.
            2. Current: $I = \frac{12}{6} = 2$ A, the same through both.
            3. Voltage across the 4 Ω resistor: $2 \times 4 = 8$ V; across the 2 Ω one: 4 V. Together they make 12 V.
            4. Power from the battery: $12 \times 2 = 24$ W.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-electric-circuits-q1", skill: "physics.electricity", prompt: "A 9 V battery is connected across a 3 Ω resistor. What current flows?", choices: ["27 A", "0.33 A", "6 A", "3 A"], answerIndex: 3),
                DemoQuizItem(id: "physics-electric-circuits-q2", skill: "physics.electricity", prompt: "What is the total resistance of 4 Ω and 2 Ω in series?", choices: ["6 Ω", "1.33 Ω", "8 Ω", "2 Ω"], answerIndex: 0),
                DemoQuizItem(id: "physics-electric-circuits-q3", skill: "physics.electricity", prompt: "What is the total resistance of 6 Ω and 3 Ω in parallel?", choices: ["9 Ω", "4.5 Ω", "2 Ω", "18 Ω"], answerIndex: 2),
                DemoQuizItem(id: "physics-electric-circuits-q4", skill: "physics.electricity", prompt: "A device draws 2 A from a 12 V supply. What power does it use?", choices: ["6 W", "24 W", "14 W", "48 W"], answerIndex: 1),
            ]
        ),
        DemoLesson(
            id: "physics-simple-harmonic-motion",
            subject: "physics",
            title: "Simple Harmonic Motion",
            skills: ["physics.waves", "physics.energy"],
            prerequisites: ["physics-work-energy", "math-derivatives-intro"],
            estimatedMinutes: 35,
            content: #"""
            # Simple Harmonic Motion

            Springs, pendulums, guitar strings and atoms in a crystal all oscillate. The simplest model of oscillation, **simple harmonic motion** (SHM), explains all of them to a good approximation and is the starting point for the physics of waves.

            ## The restoring force

            A spring obeys Hooke's law: stretch it by $x$ and it pulls back with

            $$F = -kx$$

            where $k$ is the spring constant (N/m). The minus sign says the force always points back towards equilibrium. Combining with $F = ma$:

            $$a = \frac{d^2x}{dt^2} = -\frac{k}{m}x = -\omega^2 x, \qquad \omega = \sqrt{\frac{k}{m}}$$

            Any system whose acceleration is proportional to displacement and opposite to it moves in SHM.

            ## The solution

            $$x(t) = A\cos(\omega t + \varphi)$$

            Here $A$ is the amplitude, $\omega$ the angular frequency (rad/s) and $\varphi$ the phase. Differentiating:

            $$v(t) = \frac{dx}{dt} = -A\omega\sin(\omega t + \varphi), \qquad a(t) = \frac{dv}{dt} = -A\omega^2\cos(\omega t + \varphi) = -\omega^2 x$$

            which confirms the equation of motion. The period and frequency are

            $$T = \frac{2\pi}{\omega} = 2\pi\sqrt{\frac{m}{k}}, \qquad f = \frac{1}{T}$$

            Notice what is missing: the period does **not** depend on the amplitude. A heavier mass oscillates more slowly; quadrupling $m$ doubles $T$.

            ![Diagram of a mass on a spring beside graphs of displacement, velocity and acceleration against time, each shifted by a quarter period](/images/physics/shm-graphs.png)

            ## Where things are largest

            - Speed is greatest at equilibrium ($x = 0$): $v_{\max} = A\omega$.
            - Acceleration (and force) is greatest at the extremes ($x = \pm A$): $a_{\max} = A\omega^2$.

            ## Energy

            With no friction, energy sloshes between kinetic and elastic potential energy, and the total is constant:

            $$E = \tfrac{1}{2}kx^2 + \tfrac{1}{2}mv^2 = \tfrac{1}{2}kA^2$$

            ## Worked example

            A 0.5 kg mass on a spring with $k = 200$ N/m is pulled 0.1 m from equilibrium and released.

            1. $\omega = \sqrt{200 / 0.5} = \sqrt{400} = 20$ rad/s.
            2. $T = \frac{2\pi}{20} \approx 0.314$ s, about 3.2 oscillations per second.
            3. $v_{\max} = A\omega = 0.1 \times 20 = 2$ m/s.
            4. $E = \tfrac{1}{2}(200)(0.1)^2 = 1$ J. Check: $\tfrac{1}{2}(0.5)(2^2) = 1$ J. ✔

            ## The pendulum

            For a simple pendulum of length $L$ swinging through small angles, $\sin\theta \approx \theta$ turns the motion into SHM with

            $$T = 2\pi\sqrt{\frac{L}{g}}$$

            A 1 m pendulum has $T \approx 2.0$ s, independent of the mass of the bob. For large swings the approximation fails and the period grows slightly.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-simple-harmonic-motion-q1", skill: "physics.waves", prompt: "A 0.5 kg mass oscillates on a spring with k = 200 N/m. What is its period?", choices: ["0.31 s", "0.05 s", "3.2 s", "20 s"], answerIndex: 0),
                DemoQuizItem(id: "physics-simple-harmonic-motion-q2", skill: "physics.waves", prompt: "The mass on a spring is quadrupled. What happens to the period?", choices: ["It quadruples", "It halves", "It doubles", "It is unchanged"], answerIndex: 2),
                DemoQuizItem(id: "physics-simple-harmonic-motion-q3", skill: "physics.energy", prompt: "That 0.5 kg mass (k = 200 N/m) is released from 0.1 m. What is its maximum speed?", choices: ["0.2 m/s", "20 m/s", "1 m/s", "2 m/s"], answerIndex: 3),
                DemoQuizItem(id: "physics-simple-harmonic-motion-q4", skill: "physics.waves", prompt: "Where in its oscillation is the acceleration of a mass in SHM greatest?", choices: ["At equilibrium", "At maximum displacement", "Halfway between equilibrium and maximum displacement", "It is the same everywhere"], answerIndex: 1),
                DemoQuizItem(id: "physics-simple-harmonic-motion-q5", skill: "physics.waves", prompt: "About what is the period of a 1 m simple pendulum swinging through small angles on Earth?", choices: ["0.5 s", "1.0 s", "2.0 s", "6.3 s"], answerIndex: 2),
            ]
        ),
        DemoLesson(
            id: "physics-numerical-simulation",
            subject: "physics",
            title: "Simulating Motion Numerically in Swift",
            skills: ["physics.kinematics", "physics.dynamics"],
            prerequisites: ["physics-projectile-motion", "swift-structs-classes"],
            estimatedMinutes: 35,
            content: #"""
            # Simulating Motion Numerically

            The projectile formulas only work without air resistance. Add drag and the equations of motion no longer have a simple closed-form solution. Instead, we let a computer take many small time steps. This is how games, weather models and spacecraft trajectories are computed.

            ## The idea: small steps

            Over a tiny time step $\Delta t$, velocity and acceleration are nearly constant, so

            $$\vec{x}_{n+1} = \vec{x}_n + \vec{v}_n\,\Delta t, \qquad \vec{v}_{n+1} = \vec{v}_n + \vec{a}_n\,\Delta t$$

            This is the **explicit Euler method**. Its error after a fixed total time is proportional to $\Delta t$: halve the step and you roughly halve the error. It is a *first-order* method.

            A small change gives a much better-behaved method. **Semi-implicit (symplectic) Euler** updates the velocity first and then moves with the *new* velocity:

            $$\vec{v}_{n+1} = \vec{v}_n + \vec{a}_n\,\Delta t, \qquad \vec{x}_{n+1} = \vec{x}_n + \vec{v}_{n+1}\,\Delta t$$

            It is still first order, but it does not steadily pump energy into oscillating systems the way explicit Euler does.

            ## Adding air drag

            At everyday speeds, drag is roughly proportional to the square of the speed and points opposite the velocity:

            $$\vec{F}_{\text{drag}} = -c\,|\vec{v}|\,\vec{v}$$

            Newton's second law then gives the acceleration: $\vec{a} = \vec{g} + \vec{F}_{\text{drag}}/m$.

            ## The code

            ```swift
            struct Vector2 {
                var x: Double
                var y: Double
                static func + (a: Vector2, b: Vector2) -> Vector2 { Vector2(x: a.x + b.x, y: a.y + b.y) }
                static func * (a: Vector2, s: Double) -> Vector2 { Vector2(x: a.x * s, y: a.y * s) }
                var length: Double { (x * x + y * y).squareRoot() }
            }

            struct Projectile {
                var position: Vector2
                var velocity: Vector2
                let mass: Double
                let dragCoefficient: Double   // c, in kg/m

                func acceleration() -> Vector2 {
                    let gravity = Vector2(x: 0, y: -9.81)
                    let drag = velocity * (-dragCoefficient * velocity.length / mass)
                    return gravity + drag
                }

                mutating func step(dt: Double) {
                    velocity = velocity + acceleration() * dt   // semi-implicit Euler:
                    position = position + velocity * dt         // move with the new velocity
                }
            }

            func range(speed: Double, angleDegrees: Double, drag: Double, dt: Double = 0.001) -> Double {
                let angle = angleDegrees * Double.pi / 180
                var ball = Projectile(
                    position: Vector2(x: 0, y: 0),
                    velocity: Vector2(x: speed * cos(angle), y: speed * sin(angle)),
                    mass: 0.43,
                    dragCoefficient: drag
                )
                repeat { ball.step(dt: dt) } while ball.position.y > 0
                return ball.position.x
            }
            ```

            (`cos` and `sin` come from Foundation.)

            ## Checking the simulation

            Always test a numerical method against a case you can solve exactly. With `drag: 0`, a 20 m/s kick at 30° should land near the analytic $R = \frac{v_0^2\sin 2\theta}{g} \approx 35.3$ m. If it does not, there is a bug. Then shrink `dt` and confirm the answer settles down (converges).

            ## What drag changes

            Switch on a realistic drag coefficient for a football and you will find:

            - The range is **shorter** than in a vacuum.
            - The path is no longer a symmetric parabola: the descent is steeper than the climb.
            - The best launch angle drops **below 45°**.

            ## Choosing the time step

            A step that is too large gives wrong or even unstable results; a step that is too small wastes time and eventually accumulates rounding error. A step much smaller than the shortest time scale in the problem, such as the flight time, is a sensible start; then halve it and compare.
            """#,
            quiz: [
                DemoQuizItem(id: "physics-numerical-simulation-q1", skill: "physics.kinematics", prompt: "Which pair of updates is the explicit Euler method?", choices: ["x += v·dt and v += a·dt, both using the old values", "v += a·dt, then x += v·dt with the new v", "x = v·t and v = a·t", "x += ½·a·dt² only"], answerIndex: 0),
                DemoQuizItem(id: "physics-numerical-simulation-q2", skill: "physics.kinematics", prompt: "For a first-order method such as Euler, roughly what happens to the error when you halve the time step?", choices: ["It is unchanged", "It quarters", "It doubles", "It halves"], answerIndex: 3),
                DemoQuizItem(id: "physics-numerical-simulation-q3", skill: "physics.dynamics", prompt: "In which direction does the quadratic air drag force act?", choices: ["Straight down", "Opposite to the velocity", "Along the velocity", "Perpendicular to the velocity"], answerIndex: 1),
                DemoQuizItem(id: "physics-numerical-simulation-q4", skill: "physics.kinematics", prompt: "Compared with the same kick in a vacuum, what does air drag do to the range and the best launch angle?", choices: ["Longer range, angle above 45°", "Shorter range, angle still exactly 45°", "Shorter range, angle below 45°", "No change to either"], answerIndex: 2),
                DemoQuizItem(id: "physics-numerical-simulation-q5", skill: "physics.dynamics", prompt: "What is a good first test of a projectile simulation with drag?", choices: ["Run it once with a very large time step", "Set the drag to zero and compare with the analytic range formula", "Check that the range is always 45 m", "Compare it with a simulation that uses a different mass"], answerIndex: 1),
            ]
        ),
    ]
}
